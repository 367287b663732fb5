import { DomainError, isIpv4, parseCidr, parseIpv4, printable, type DomainErrorCode } from '@wom/domain';

/**
 * Checks for every value interpolated into a RouterOS row. Each returns the value in RouterOS
 * write form or throws a DomainError naming the field, so a hostile or broken desired state
 * never reaches a router (REST) or a script line.
 */

/** RouterOS-safe interface name: a letter or digit first, so it can't read as an option. */
const INTERFACE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,14}$/;
const LIST_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** 32 bytes in base64: 43 characters, the last of them carrying only 4 significant bits, then `=`. */
const WIREGUARD_KEY = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;
const DNS_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
/** A DNS name whose last label isn't all digits, so a mistyped IPv4 like 10.0.0.300 is refused. */
const HOSTNAME = new RegExp(`^(?=.{1,253}$)(?!(?:.*\\.)?\\d+$)${DNS_LABEL}(?:\\.${DNS_LABEL})*$`);
const IPV6 = /^(?=.*:.*:)[0-9A-Fa-f:.]{2,45}$/;
const INTERFACE_ADDRESS = /^([^/]+)\/(3[0-2]|[12]?\d)$/;

export function routerOsInterfaceName(value: string, field: string): string {
  if (typeof value !== 'string' || !INTERFACE_NAME.test(value)) {
    throw new DomainError(
      'VALIDATION.INVALID_INTERFACE_NAME',
      `${field} "${printable(value)}" is not a RouterOS-safe interface name: use 1-15 letters, digits, "_", "." or "-", starting with a letter or digit.`,
      { field },
    );
  }
  return value;
}

export function routerOsListName(value: string, field: string): string {
  if (!LIST_NAME.test(value)) {
    throw new DomainError(
      'VALIDATION.INVALID_NAME',
      `${field} "${printable(value)}" is not a RouterOS-safe address-list name: use letters, digits, "_", "." or "-".`,
      { field },
    );
  }
  return value;
}

export function wireGuardKey(value: string, field: string): string {
  if (typeof value !== 'string' || !WIREGUARD_KEY.test(value)) {
    throw new DomainError('VALIDATION.INVALID_KEY', `${field} is not a WireGuard key (44 characters of base64 ending in "=").`, {
      field,
    });
  }
  return value;
}

/** A network in CIDR form with host bits clear, e.g. `192.168.1.0/24`. */
export function networkCidr(value: string, field: string): string {
  parseCidr(value, field);
  return value;
}

/** An interface address: host and prefix, host bits allowed, e.g. `10.0.0.2/24`. */
export function interfaceAddress(value: string, field: string): string {
  const match = typeof value === 'string' ? INTERFACE_ADDRESS.exec(value) : null;
  if (!match || !isIpv4(match[1] ?? '')) {
    throw new DomainError('VALIDATION.INVALID_CIDR', `${field} "${printable(value)}" is not an IPv4 interface address like 10.0.0.1/24.`, {
      field,
    });
  }
  return value;
}

export function ipv4Address(value: string, field: string): string {
  parseIpv4(value, field);
  return value;
}

/** An integer in [min, max] as a decimal string. */
export function integerIn(
  value: number,
  min: number,
  max: number,
  field: string,
  code: DomainErrorCode = 'VALIDATION.INVALID_PORT',
): string {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new DomainError(code, `${field} ${printable(value)} must be a whole number from ${min} to ${max}.`, {
      field,
    });
  }
  return String(value);
}

export function port(value: number, field: string): string {
  return integerIn(value, 1, 65535, field);
}

/** Endpoint host as RouterOS takes it: IPv4, IPv6 without brackets, or a DNS name. */
export function endpointHost(value: string, field: string): string {
  const host = typeof value === 'string' && value.startsWith('[') && value.endsWith(']') ? value.slice(1, -1) : value;
  if (typeof host !== 'string' || !(isIpv4(host) || IPV6.test(host) || HOSTNAME.test(host))) {
    throw new DomainError('VALIDATION.INVALID_ENDPOINT', `${field} "${printable(value)}" is not an IP address or DNS name.`, {
      field,
    });
  }
  return host;
}
