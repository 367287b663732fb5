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
  | 'VALIDATION.FAILED'
  | 'REQUEST.MALFORMED_JSON'
  | 'REQUEST.TOO_LARGE'
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
