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
  'REQUEST.MALFORMED_JSON': 400,
  'REQUEST.TOO_LARGE': 413,
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
 * Unique constraints whose violation is the caller's doing, with the code and field to
 * report. Normally a service checks first; these catch the race between check and insert.
 */
export const UNIQUE_CONSTRAINT_ERRORS: Readonly<Record<string, { code: ErrorCode; field: string; message: string }>> = {
  UQ_wan_network_name: { code: 'WAN.NAME_TAKEN', field: 'name', message: 'A WAN with this name already exists. Choose another name.' },
  UQ_peer_wan_name: { code: 'PEER.NAME_TAKEN', field: 'name', message: 'A peer with this name already exists in this WAN. Choose another name.' },
  UQ_peer_wan_tunnel_ip: { code: 'IPAM.ALREADY_TAKEN', field: 'tunnelIp', message: 'This tunnel IP is already taken in this WAN. Pick another address.' },
};
