import { Inject, Injectable, Logger, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { mergeMap, type Observable } from 'rxjs';
import { CHANGES_NOTHING } from './audit.decorators';
import { AuditService } from './audit.service';
import type { ContextualRequest } from './request-context';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The safety net of the audit trail: any successful mutation that no service audited itself
 * gets a generic entry (method, route, params, redacted body) and an error in the log, so a
 * change is never untraced. It is a fallback, not the design: every write route's service
 * records a domain entry with before/after (the audit completeness spec fails on a generic
 * one), and routes marked {@link ChangesNothing} owe none.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<ContextualRequest>();
    if (context.getType() !== 'http' || READS.has(req.method)) return next.handle();
    if (this.reflector.get<string | undefined>(CHANGES_NOTHING, context.getHandler()) !== undefined) return next.handle();
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
    this.logger.error(`${req.method} ${route} changed something without a domain audit entry; its service should record one`);
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
