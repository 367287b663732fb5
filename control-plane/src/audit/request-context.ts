import { AsyncLocalStorage } from 'node:async_hooks';
import type { NextFunction, Request, Response } from 'express';
import type { Principal } from '../auth/principal';
import type { AuditActor } from './audit-actor';

/** What a request carries for auth and audit; stored on the Express request itself. */
export interface ContextualRequest extends Request {
  principal?: Principal;
  /** Set once a service wrote a specific audit entry, so the catch-all interceptor skips it. */
  audited?: boolean;
  /** Who acts in a request without a principal, once a service has established it (an agent enrolling with its token). */
  auditActor?: AuditActor;
}

const storage = new AsyncLocalStorage<ContextualRequest>();

/**
 * Makes the current request reachable from services without threading it through every
 * signature, so audit entries written deep in a transaction still know actor, IP and request id.
 */
export function requestContextMiddleware(req: Request, _res: Response, next: NextFunction): void {
  storage.run(req as ContextualRequest, next);
}

/** The request being served, or undefined outside one (CLI, background jobs). */
export function currentRequest(): ContextualRequest | undefined {
  return storage.getStore();
}
