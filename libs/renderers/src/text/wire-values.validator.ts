import { DomainError, formatCidr, isDomainError, isIpv4, parseCidr, parseIpv4, printable } from '@wom/domain';
import type { DomainErrorCode, Ipv4Prefix } from '@wom/domain';

/**
 * Checks for the structural values renderers interpolate into config files: keys,
 * interface names, hosts, addresses and numbers. Free text goes into comments through
 * `commentSafe`; a structural value cannot be neutralised without changing what it means,
 * so anything unexpected is rejected with an error that names the field.
 *
 * The rules match libs/domain/src/validation (same patterns, ranges and codes). That module
 * is not exported from `@wom/domain` yet; once it is, these become thin calls into it.
 */

/**
 * A WireGuard key is 32 bytes in base64: 43 characters and one `=`. The last character
 * before the padding carries only 4 bits, so it is one of 16 letters; `wg` rejects others.
 */
const WIREGUARD_KEY = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;
/** 32 zero bytes: a low-order point, so every handshake with it would use an all-zero secret. */
const ZERO_KEY = `${'A'.repeat(43)}=`;

export function assertWireGuardKey(value: unknown, field: string): string {
  if (typeof value !== 'string' || !WIREGUARD_KEY.test(value) || value === ZERO_KEY) {
    throw new DomainError(
      'VALIDATION.INVALID_KEY',
      `${field} "${printable(value)}" is not a WireGuard key (44 characters of base64, as printed by wg genkey or wg pubkey).`,
      { field },
    );
  }
  return value;
}

/**
 * Linux allows up to 15 bytes in an interface name; wg-quick takes the name from the file
 * name. A leading `-` would read as an option to `ip`, and `.`/`..` are path names, so the
 * first character must be a letter, digit or underscore.
 */
const INTERFACE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$/;

export function assertInterfaceName(value: unknown, field: string): string {
  if (typeof value !== 'string' || !INTERFACE_NAME.test(value)) {
    throw new DomainError(
      'VALIDATION.INVALID_INTERFACE_NAME',
      `${field} "${printable(value)}" is not a valid interface name: use 1 to 15 of A-Z a-z 0-9 _ . - , starting with a letter, digit or underscore.`,
      { field },
    );
  }
  return value;
}

const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

/** Full IPv6 syntax check (`::` compression, embedded IPv4); zone ids are not accepted. */
export function isIpv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (half: string | undefined): string[] => (half ? half.split(':') : []);
  const head = groupsOf(halves[0]);
  const tail = groupsOf(halves[1]);
  const all = [...head, ...tail];
  let slots = all.length;
  const last = all[all.length - 1];
  if (last !== undefined && last.includes('.')) {
    // The IPv4 part must end the address, so `1.2.3.4::` is not one.
    if (!isIpv4(last) || text.endsWith(':')) return false;
    all.pop();
    slots += 1; // an embedded IPv4 address fills two groups
  }
  if (!all.every((group) => HEX_GROUP.test(group))) return false;
  return halves.length === 2 ? slots <= 7 : slots === 8;
}

/** RFC 1123 host name: dot-separated labels of letters, digits and inner hyphens. */
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;

export type HostKind = 'ipv4' | 'ipv6' | 'hostname';

/** An IPv4 or IPv6 address (without brackets) or a DNS name; anything else throws. */
export function assertHost(value: unknown, field: string): HostKind {
  if (typeof value === 'string') {
    if (isIpv4(value)) return 'ipv4';
    if (isIpv6(value)) return 'ipv6';
    if (HOSTNAME.test(value)) return 'hostname';
  }
  throw new DomainError(
    'VALIDATION.INVALID_ENDPOINT',
    `${field} "${printable(value)}" is not an IPv4 address, an IPv6 address without brackets, or a DNS name.`,
    { field },
  );
}

/** Integers only: NaN, fractions and numeric strings from a JSON hop all render as junk. */
export function assertIntegerInRange(
  value: unknown,
  range: { readonly min: number; readonly max: number },
  field: string,
  code: DomainErrorCode = 'VALIDATION.UNSAFE_TEXT',
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < range.min || value > range.max) {
    throw new DomainError(code, `${field} "${printable(value)}" must be a whole number from ${range.min} to ${range.max}.`, {
      field,
    });
  }
  return value;
}

export function assertPort(value: unknown, field: string): number {
  return assertIntegerInRange(value, { min: 1, max: 65535 }, field, 'VALIDATION.INVALID_PORT');
}

/** Runs a domain parser and puts the field name in front of its message. */
function withField<T>(field: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    throw new DomainError(error.code, `${field}: ${error.message}`, { ...error.details, field });
  }
}

/** A network in CIDR form with host bits clear; the error message names the field. */
export function parseCidrField(value: unknown, field: string): Ipv4Prefix {
  return withField(field, () => parseCidr(value as string, field));
}

/** A network in CIDR form with host bits clear, returned in canonical spelling. */
export function assertCidr(value: unknown, field: string): string {
  return formatCidr(parseCidrField(value, field));
}

export function assertIpv4(value: unknown, field: string): string {
  withField(field, () => parseIpv4(value as string, field));
  return value as string;
}

/** An interface address keeps its host bits: `10.0.0.1/24` is the address 10.0.0.1 in a /24. */
export function assertInterfaceAddress(value: unknown, field: string): string {
  const text = typeof value === 'string' ? value : '';
  const [address = '', length = '', ...rest] = text.split('/');
  if (rest.length > 0 || !/^(3[0-2]|[12]?\d)$/.test(length) || !isIpv4(address)) {
    throw new DomainError(
      'VALIDATION.INVALID_CIDR',
      `${field} "${printable(value)}" is not an IPv4 interface address like 10.0.0.1/24.`,
      { field },
    );
  }
  return text;
}
