import { BlockList, isIP, isIPv4 } from 'node:net';

/**
 * IP values as RouterOS reads them, IPv4 and IPv6 alike: an address, a prefix (`a/len`), and
 * the list and range forms firewall matchers take. Parsing only; each menu decides which forms
 * a property accepts (menus/*.ts).
 */

export interface Prefix {
  readonly address: string;
  readonly length: number;
  readonly family: 4 | 6;
}

/** `10.0.0.1/24`, `2001:db8::/32` or a bare address (as a host prefix); undefined otherwise. */
export function parsePrefix(text: string): Prefix | undefined {
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const family = isIP(address);
  if (family !== 4 && family !== 6) return undefined;
  const max = family === 4 ? 32 : 128;
  const lengthText = slash < 0 ? String(max) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lengthText) || Number(lengthText) > max) return undefined;
  return { address, length: Number(lengthText), family };
}

export function formatPrefix(prefix: Prefix): string {
  return `${prefix.address}/${prefix.length}`;
}

/** An IPv4 network address of `a.b.c.d/len`, as `/ip/address` shows it in `network`. */
export function ipv4Network(prefix: Prefix): string {
  const value = prefix.address.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
  const network = value - (value % Math.pow(2, 32 - prefix.length));
  return [24, 16, 8, 0].map((shift) => Math.floor(network / Math.pow(2, shift)) % 256).join('.');
}

/**
 * Two prefixes overlap when the shorter one contains the longer one's address: if they share
 * any address, the shorter holds the whole longer one.
 */
export function prefixesOverlap(a: Prefix, b: Prefix): boolean {
  if (a.family !== b.family) return false;
  const [outer, inner] = a.length <= b.length ? [a, b] : [b, a];
  const list = new BlockList();
  list.addSubnet(outer.address, outer.length, outer.family === 4 ? 'ipv4' : 'ipv6');
  return list.check(inner.address, inner.family === 4 ? 'ipv4' : 'ipv6');
}

/** `a-b` with two addresses of one family; the form firewall matchers and address lists take. */
export function isAddressRange(text: string): boolean {
  const [first = '', last, extra] = text.split('-');
  return extra === undefined && last !== undefined && isIP(first) !== 0 && isIP(first) === isIP(last);
}

export function isAddress(text: string): boolean {
  return isIP(text) !== 0;
}

export { isIPv4 };
