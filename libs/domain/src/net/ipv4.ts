import { DomainError } from '../errors';

/**
 * IPv4 arithmetic on unsigned 32-bit integers. Everything that compares, allocates or
 * overlaps addresses goes through here, so it stays exact and allocation-free.
 */

/** A parsed IPv4 prefix: `base` is the network address, host bits cleared. */
export interface Ipv4Prefix {
  readonly base: number;
  readonly length: number;
}

const IPV4_PATTERN = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpv4(text: string): boolean {
  return IPV4_PATTERN.test(text);
}

/** `"10.0.0.1"` → 167772161. Throws `VALIDATION.INVALID_IPV4` for anything else. */
export function parseIpv4(text: string, field?: string): number {
  if (typeof text !== 'string' || !IPV4_PATTERN.test(text)) {
    throw new DomainError('VALIDATION.INVALID_IPV4', `"${printable(text)}" is not an IPv4 address like 10.0.0.1.`, { field });
  }
  let value = 0;
  for (const octet of text.split('.')) value = value * 256 + Number(octet);
  return value;
}

export function formatIpv4(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** Netmask of a prefix length as an unsigned integer: 24 → 0xffffff00. */
export function maskOf(length: number): number {
  return length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
}

export function prefixSize(length: number): number {
  return 2 ** (32 - length);
}

/**
 * Parses `"192.168.1.0/24"`. Host bits must be clear: `"192.168.1.5/24"` fails with
 * `VALIDATION.HOST_BITS_SET`, naming `192.168.1.0/24` as the network that was probably meant.
 */
export function parseCidr(text: string, field?: string): Ipv4Prefix {
  const slash = typeof text === 'string' ? text.indexOf('/') : -1;
  const lengthText = slash < 0 ? '' : text.slice(slash + 1);
  if (slash < 0 || !/^(3[0-2]|[12]?\d)$/.test(lengthText) || !isIpv4(text.slice(0, slash))) {
    throw new DomainError(
      'VALIDATION.INVALID_CIDR',
      `"${printable(text)}" is not an IPv4 network in CIDR form like 192.168.1.0/24.`,
      { field },
    );
  }
  const length = Number(lengthText);
  const address = parseIpv4(text.slice(0, slash), field);
  const base = (address & maskOf(length)) >>> 0;
  if (base !== address) {
    const meant = formatCidr({ base, length });
    throw new DomainError('VALIDATION.HOST_BITS_SET', `"${text}" has host bits set; did you mean ${meant}?`, {
      field,
      suggestion: meant,
    });
  }
  return { base, length };
}

export function formatCidr(prefix: Ipv4Prefix): string {
  return `${formatIpv4(prefix.base)}/${prefix.length}`;
}

/** The last address of a prefix (its broadcast address when it is a subnet). */
export function lastAddress(prefix: Ipv4Prefix): number {
  return prefix.base + prefixSize(prefix.length) - 1;
}

export function containsAddress(prefix: Ipv4Prefix, address: number): boolean {
  return address >= prefix.base && address <= lastAddress(prefix);
}

export function prefixesOverlap(a: Ipv4Prefix, b: Ipv4Prefix): boolean {
  return a.base <= lastAddress(b) && b.base <= lastAddress(a);
}

/** True when `inner` lies entirely inside `outer`. */
export function prefixContains(outer: Ipv4Prefix, inner: Ipv4Prefix): boolean {
  return inner.length >= outer.length && containsAddress(outer, inner.base);
}

/** Orders prefixes by network address, then shorter prefix first. */
export function comparePrefixes(a: Ipv4Prefix, b: Ipv4Prefix): number {
  return a.base - b.base || a.length - b.length;
}

/** A host address as a /32 CIDR string. */
export function hostCidr(ip: string): string {
  return `${ip}/32`;
}

/** Keeps hostile input from bloating error messages or breaking log lines. */
export function printable(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const clean = text.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > 64 ? `${clean.slice(0, 61)}...` : clean;
}
