/**
 * Stable error codes. Transports map them to HTTP statuses or NATS replies in one place;
 * codes survive a process hop where `instanceof` does not.
 */
export type DomainErrorCode =
  | 'IPAM.RANGE_EXHAUSTED'
  | 'IPAM.OUT_OF_RANGE'
  | 'IPAM.ALREADY_TAKEN'
  | 'IPAM.RESERVED_ADDRESS'
  | 'IPAM.NOT_ALLOCATED'
  | 'IPAM.RANGE_TOO_LARGE'
  | 'NAT.SPACE_EXHAUSTED'
  | 'VALIDATION.INVALID_CIDR'
  | 'VALIDATION.HOST_BITS_SET'
  | 'VALIDATION.INVALID_IPV4'
  | 'VALIDATION.INVALID_PORT'
  | 'VALIDATION.INVALID_NAME'
  | 'VALIDATION.INVALID_ENDPOINT'
  | 'VALIDATION.INVALID_KEY'
  | 'VALIDATION.UNSAFE_TEXT'
  | 'VALIDATION.INVALID_INTERFACE_NAME'
  | 'VALIDATION.INVALID_DESCRIPTION'
  | 'VALIDATION.INVALID_KEEPALIVE'
  | 'VALIDATION.INVALID_MTU'
  | 'VALIDATION.INVALID_DNS'
  | 'VALIDATION.INVALID_PROTOCOL'
  | 'VALIDATION.INVALID_PEER_TYPE'
  | 'VALIDATION.INVALID_PASSWORD'
  | 'ROUTEROS.ROW_WITHOUT_ID'
  | 'ROUTEROS.PLAN_INPUT'
  | 'TEMPLATE.UNKNOWN_VARIABLE'
  | 'TEMPLATE.MALFORMED_PLACEHOLDER'
  | 'TEMPLATE.MISPLACED_VARIABLE'
  | 'TEMPLATE.FORBIDDEN_DIRECTIVE'
  | 'TEMPLATE.INVALID_BODY'
  | 'TEMPLATE.NOT_FOUND'
  | 'SECRETS.DECRYPT_FAILED'
  | 'SECRETS.INVALID_MASTER_KEY'
  | 'SECRETS.KEY_FILE_INSECURE'
  | 'EXPORT.QR_TOO_LONG'
  | 'EXPORT.INVALID_PATH';

export interface DomainErrorDetails {
  /** The input field the error is about, when there is one. */
  readonly field?: string;
  readonly [key: string]: unknown;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
  }
}

export function isDomainError(value: unknown): value is DomainError {
  return value instanceof DomainError;
}
