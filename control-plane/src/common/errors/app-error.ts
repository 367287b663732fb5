import type { DomainErrorCode } from '@wom/domain';

/** Codes the control plane adds to the domain's: lookups, uniqueness, and request problems. */
export type AppErrorCode =
  | 'WAN.NOT_FOUND'
  | 'WAN.NAME_TAKEN'
  | 'WAN.RANGES_OVERLAP'
  | 'WAN.RANGE_IN_USE'
  | 'PEER.NOT_FOUND'
  | 'PEER.NAME_TAKEN'
  | 'PEER.SUBNET_CONFLICT'
  | 'PEER.KEY_MANAGED_BY_DEVICE'
  | 'HISTORY.NOT_FOUND'
  | 'TEMPLATE.READ_ONLY'
  | 'TEMPLATE.NAME_TAKEN'
  | 'PEER.NOT_MIKROTIK'
  | 'PUBLISHED_SERVICE.NOT_FOUND'
  | 'PUBLISHED_SERVICE.ENDPOINT_TAKEN'
  | 'PUBLISHED_SERVICE.SHARED_IP_HELD'
  | 'CONFLICT.NOT_FOUND'
  | 'CONFLICT.INVALID_RESOLUTION'
  | 'CONFLICT.RESOLUTION_CONFLICTS'
  | 'CONNECTION.NOT_FOUND'
  | 'CONNECTION.EXISTS'
  | 'JOB.NOT_FOUND'
  | 'JOB.INVALID_STATE'
  | 'MIKROTIK.EXECUTOR_UNAVAILABLE'
  | 'MIKROTIK.NOT_CONFIGURED'
  | 'MIKROTIK.ROUTER_UNAVAILABLE'
  | 'MIKROTIK.NO_BACKUP'
  | 'MIKROTIK.BEHIND_AGENT'
  | 'PEER.REMOVING'
  | 'WAN.REMOVING'
  | 'ENROLLMENT.TOKEN_INVALID'
  | 'ENROLLMENT.TOKEN_EXPIRED'
  | 'ENROLLMENT.TOKEN_REVOKED'
  | 'ENROLLMENT.TOKEN_USED'
  | 'ENROLLMENT.KEY_IN_USE'
  | 'ENROLLMENT_TOKEN.NOT_FOUND'
  | 'AGENT.NOT_FOUND'
  | 'AGENT.INVALID_STATE'
  | 'INSTALL.NOT_FOUND'
  | 'INSTALL.NOT_BUILT'
  | 'NATS.UNAVAILABLE'
  | 'AUTH.UNAUTHENTICATED'
  | 'AUTH.FORBIDDEN'
  | 'AUTH.INVALID_CREDENTIALS'
  | 'AUTH.TOO_MANY_ATTEMPTS'
  | 'AUTH.PASSWORD_CHANGE_REQUIRED'
  | 'AUTH.LOGIN_DISABLED'
  | 'AUTH.LOCAL_LOGIN_OFF'
  | 'USER.NOT_FOUND'
  | 'USER.NAME_TAKEN'
  | 'USER.LAST_ADMIN'
  | 'API_KEY.NOT_FOUND'
  | 'SESSION.NOT_FOUND'
  | 'RATE.LIMITED'
  | 'VALIDATION.FAILED'
  | 'REQUEST.MALFORMED_JSON'
  | 'REQUEST.TOO_LARGE'
  | 'REQUEST.TOO_DEEP'
  | 'REQUEST.UNSUPPORTED_MEDIA_TYPE'
  | 'REQUEST.CONFLICT'
  | 'ROUTE.NOT_FOUND'
  | 'HTTP.ERROR'
  | 'SERVICE.UNAVAILABLE'
  | 'INTERNAL';

export type ErrorCode = DomainErrorCode | AppErrorCode;

export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
}

export interface AppErrorDetails {
  readonly fields?: readonly FieldProblem[];
  readonly [key: string]: unknown;
}

/**
 * An error with a stable code, thrown by services. Services never throw HTTP exceptions:
 * the one exception filter maps codes to statuses, so the same service can serve NATS too.
 */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details: AppErrorDetails = {},
  ) {
    super(message);
  }
}

/** The body of every error response. */
export interface ErrorBody {
  readonly code: ErrorCode;
  readonly message: string;
  readonly fields?: readonly FieldProblem[];
  readonly [key: string]: unknown;
}
