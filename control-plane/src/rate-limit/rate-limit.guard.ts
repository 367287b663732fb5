import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import type { Response } from 'express';
import type { ContextualRequest } from '../audit/request-context';
import { AppError } from '../common/errors/app-error';

/**
 * @nestjs/throttler with our error shape: 429 `RATE.LIMITED` and a plain `Retry-After`
 * (the library names it `Retry-After-<class>` for named classes, which clients ignore).
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    // Authenticated callers are limited per identity, so users behind one NAT don't share a budget.
    const principal = (req as unknown as ContextualRequest).principal;
    return principal && principal.kind !== 'local' ? `${principal.kind}:${principal.id}` : `ip:${String(req['ip'] ?? 'unknown')}`;
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfterSeconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfterSeconds));
    throw new AppError('RATE.LIMITED', `Too many requests. Try again in ${retryAfterSeconds} s.`, { fields: [], retryAfterSeconds });
  }
}
