import type { ErrorCode } from './app-error';

/**
 * The one place error codes become HTTP statuses. Codes whose status differs from their
 * family's are listed; every other code takes its family's status below, so a code the
 * domain adds later already maps sensibly.
 */
const STATUS_BY_CODE: Readonly<Partial<Record<ErrorCode, number>>> = {
  'IPAM.RANGE_EXHAUSTED': 409,
  'IPAM.ALREADY_TAKEN': 409,
  'IPAM.NOT_ALLOCATED': 409,
  'NAT.SPACE_EXHAUSTED': 409,
  'TEMPLATE.NOT_FOUND': 404,
  'WAN.NOT_FOUND': 404,
  'WAN.NAME_TAKEN': 409,
  'WAN.RANGES_OVERLAP': 400,
  'WAN.RANGE_IN_USE': 409,
  'PEER.NOT_FOUND': 404,
  'PEER.NAME_TAKEN': 409,
  'PEER.SUBNET_CONFLICT': 409,
  'PEER.KEY_MANAGED_BY_DEVICE': 409,
  'HISTORY.NOT_FOUND': 404,
  'TEMPLATE.READ_ONLY': 409,
  'TEMPLATE.NAME_TAKEN': 409,
  'PEER.NOT_MIKROTIK': 409,
  'PUBLISHED_SERVICE.NOT_FOUND': 404,
  'PUBLISHED_SERVICE.ENDPOINT_TAKEN': 409,
  'PUBLISHED_SERVICE.SHARED_IP_HELD': 409,
  'CONFLICT.NOT_FOUND': 404,
  'CONFLICT.INVALID_RESOLUTION': 400,
  'CONFLICT.RESOLUTION_CONFLICTS': 409,
  'CONNECTION.NOT_FOUND': 404,
  'CONNECTION.EXISTS': 409,
  'JOB.NOT_FOUND': 404,
  'JOB.INVALID_STATE': 409,
  'MIKROTIK.EXECUTOR_UNAVAILABLE': 501,
  'MIKROTIK.NOT_CONFIGURED': 409,
  /** The router could not be read: a gateway problem, not ours. */
  'MIKROTIK.ROUTER_UNAVAILABLE': 502,
  'MIKROTIK.NO_BACKUP': 409,
  /** Only the router's site agent reaches it; the call has no agent path. */
  'MIKROTIK.BEHIND_AGENT': 409,
  /** Deleted, waiting for its undeploy job: nothing more may be asked of it but a forced delete. */
  'PEER.REMOVING': 409,
  'WAN.REMOVING': 409,
  'ENROLLMENT.TOKEN_INVALID': 401,
  /** Gone: the token existed but can never be used again. */
  'ENROLLMENT.TOKEN_EXPIRED': 410,
  'ENROLLMENT.TOKEN_REVOKED': 410,
  'ENROLLMENT.TOKEN_USED': 410,
  'ENROLLMENT.KEY_IN_USE': 409,
  'ENROLLMENT_TOKEN.NOT_FOUND': 404,
  'AGENT.NOT_FOUND': 404,
  'INSTALL.NOT_FOUND': 404,
  'INSTALL.NOT_BUILT': 404,
  'AGENT.INVALID_STATE': 409,
  'NATS.UNAVAILABLE': 503,
  'AUTH.UNAUTHENTICATED': 401,
  'AUTH.FORBIDDEN': 403,
  'AUTH.INVALID_CREDENTIALS': 401,
  'AUTH.TOO_MANY_ATTEMPTS': 429,
  'AUTH.PASSWORD_CHANGE_REQUIRED': 403,
  'AUTH.LOGIN_DISABLED': 409,
  'AUTH.LOCAL_LOGIN_OFF': 403,
  'USER.NOT_FOUND': 404,
  'USER.NAME_TAKEN': 409,
  'USER.LAST_ADMIN': 409,
  'API_KEY.NOT_FOUND': 404,
  'SESSION.NOT_FOUND': 404,
  'RATE.LIMITED': 429,
  'REQUEST.MALFORMED_JSON': 400,
  'REQUEST.TOO_LARGE': 413,
  'REQUEST.TOO_DEEP': 400,
  'REQUEST.UNSUPPORTED_MEDIA_TYPE': 415,
  'REQUEST.CONFLICT': 409,
  'ROUTE.NOT_FOUND': 404,
  'HTTP.ERROR': 400,
  'SERVICE.UNAVAILABLE': 503,
  INTERNAL: 500,
};

/** Bad input families are 400; anything unknown (secrets, RouterOS plans) is our fault: 500. */
const STATUS_BY_FAMILY: Readonly<Record<string, number>> = {
  VALIDATION: 400,
  IPAM: 400,
  TEMPLATE: 400,
  EXPORT: 400,
};

export function httpStatusOf(code: ErrorCode): number {
  return STATUS_BY_CODE[code] ?? STATUS_BY_FAMILY[code.slice(0, code.indexOf('.'))] ?? 500;
}

/**
 * Whether a 5xx code is a deliberate answer (not implemented yet, not ready) rather than a
 * bug: only codes listed above with a 5xx status, INTERNAL aside, keep their body.
 */
export function isDeliberateServerError(code: ErrorCode): boolean {
  return code !== 'INTERNAL' && (STATUS_BY_CODE[code] ?? 0) >= 500;
}

/**
 * Unique constraints whose violation is the caller's doing, with the code and field to
 * report. Normally a service checks first; these catch the race between check and insert.
 */
export const UNIQUE_CONSTRAINT_ERRORS: Readonly<Record<string, { code: ErrorCode; field: string; message: string }>> = {
  UQ_wan_network_name: { code: 'WAN.NAME_TAKEN', field: 'name', message: 'A WAN with this name already exists. Choose another name.' },
  UQ_peer_wan_name: { code: 'PEER.NAME_TAKEN', field: 'name', message: 'A peer with this name already exists in this WAN. Choose another name.' },
  UQ_published_service_shared_endpoint: { code: 'PUBLISHED_SERVICE.ENDPOINT_TAKEN', field: 'sharedPort', message: 'Another service already uses this shared IP, port and protocol. Pick another port or address.' },
  UQ_peer_connection_pair: { code: 'CONNECTION.EXISTS', field: 'peerBId', message: 'These two peers are already connected.' },
  UQ_app_user_username: { code: 'USER.NAME_TAKEN', field: 'username', message: 'A user with this name already exists. Choose another name.' },
  UQ_peer_wan_tunnel_ip: { code: 'IPAM.ALREADY_TAKEN', field: 'tunnelIp', message: 'This tunnel IP is already taken in this WAN. Pick another address.' },
};
