/**
 * `POST /api/agents/enroll`: the HTTP body is the proto3 JSON form of
 * `wom.agent.v1.EnrollmentRequest`, the 201 response that of `EnrollmentResponse`
 * (camelCase names; 64-bit integers such as `initialRevision` as decimal strings).
 * Errors are the API's usual `{code, message, fields}` with these codes.
 */
export const ENROLL_PATH = '/api/agents/enroll';

export const ENROLLMENT_ERROR_CODES = {
  /** 401: no token with that secret exists. */
  tokenInvalid: 'ENROLLMENT.TOKEN_INVALID',
  /** 410: the token's expiry has passed. */
  tokenExpired: 'ENROLLMENT.TOKEN_EXPIRED',
  /** 410: the token was revoked by an operator. */
  tokenRevoked: 'ENROLLMENT.TOKEN_REVOKED',
  /** 410: the token has no uses left. */
  tokenUsedUp: 'ENROLLMENT.TOKEN_USED',
  /** 409: the WireGuard or NATS public key already belongs to an agent. */
  keyInUse: 'ENROLLMENT.KEY_IN_USE',
} as const;

export type EnrollmentErrorCode = (typeof ENROLLMENT_ERROR_CODES)[keyof typeof ENROLLMENT_ERROR_CODES];
