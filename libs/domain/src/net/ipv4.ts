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

/**
 * Scans dotted-quad text without regex or allocation (the compiler parses every address of
 * a WAN). Returns the address, or -1 when the text is not exactly four decimal octets
 * without leading zeros.
 */
function scanIpv4(text: string, from: number, to: number): number {
  let value = 0;
  let octets = 0;
  let i = from;
  while (i < to) {
    const start = i;
    let octet = 0;
    while (i < to && i - start < 4) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) break;
      octet = octet * 10 + digit;
      i++;
    }
    const length = i - start;
    if (length === 0 || length > 3 || octet > 255 || (length > 1 && text.charCodeAt(start) === 48)) return -1;
    value = value * 256 + octet;
    octets++;
    if (i === to) break;
    if (text.charCodeAt(i) !== 46 || octets === 4) return -1;
    i++;
    if (i === to) return -1;
  }
  return octets === 4 ? value : -1;
}

export function isIpv4(text: string): boolean {
  return typeof text === 'string' && scanIpv4(text, 0, text.length) >= 0;
}

/** `"10.0.0.1"` → 167772161. Throws `VALIDATION.INVALID_IPV4` for anything else. */
export function parseIpv4(text: string, field?: string): number {
  const value = typeof text === 'string' ? scanIpv4(text, 0, text.length) : -1;
  if (value < 0) {
    throw new DomainError('VALIDATION.INVALID_IPV4', `"${printable(text)}" is not an IPv4 address like 10.0.0.1.`, { field });
  }
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
  const address = slash < 0 ? -1 : scanIpv4(text, 0, slash);
  if (address < 0 || !/^(3[0-2]|[12]?\d)$/.test(lengthText)) {
    throw new DomainError(
      'VALIDATION.INVALID_CIDR',
      `"${printable(text)}" is not an IPv4 network in CIDR form like 192.168.1.0/24.`,
      { field },
    );
  }
  const length = Number(lengthText);
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

/**
 * The addresses two prefixes share. Prefixes are aligned blocks, so two of them are either
 * disjoint or one lies inside the other: the overlap is the longer prefix, or null.
 * Example: 10.0.0.0/16 and 10.0.3.0/24 share 10.0.3.0/24.
 */
export function prefixIntersection(a: Ipv4Prefix, b: Ipv4Prefix): Ipv4Prefix | null {
  if (!prefixesOverlap(a, b)) return null;
  return a.length >= b.length ? a : b;
}

/**
 * The lowest address at or above `address` where a /`length` block may start, so
 * allocators can jump past a used range in one step. Example: 10.0.0.5 aligned for a /30
 * is 10.0.0.8. The result may be 2^32 (one past the last address) when no block fits.
 */
export function alignUp(address: number, length: number): number {
  const size = prefixSize(length);
  return Math.ceil(address / size) * size;
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
