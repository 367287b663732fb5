import { Inject, Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { mergeMap, type Observable } from 'rxjs';
import { AuditService } from './audit.service';
import type { ContextualRequest } from './request-context';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The safety net of the audit trail: any successful mutation that no service audited itself
 * gets a generic entry (method, route, params, redacted body), so new endpoints are covered
 * from day one. Services that know before/after record a richer entry and this one is skipped.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<ContextualRequest>();
    if (context.getType() !== 'http' || READS.has(req.method)) return next.handle();
    return next.handle().pipe(
      mergeMap(async (value: unknown) => {
        if (!req.audited) await this.recordGeneric(req);
        return value;
      }),
    );
  }

  private async recordGeneric(req: ContextualRequest): Promise<void> {
    const route = (req.route as { path?: string } | undefined)?.path ?? req.path;
    const params = { ...(req.params as Record<string, string>) };
    try {
      await this.audit.record(null, {
        action: `${req.method} ${route}`,
        entityType: 'http',
        entityId: params['id'] ?? null,
        after: { method: req.method, route, params, body: (req.body as object | undefined) ?? null },
      });
    } catch (error) {
      // The change is committed; failing the response now would make the client retry it.
      this.logger.error(`could not write the audit entry for ${req.method} ${route}: ${(error as Error).message}`);
    }
  }
}
