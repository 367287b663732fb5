import type { Endpoint } from '../model/desired-state.model';
import { isIpv4, printable } from '../net/ipv4';
import { invalid, requireString } from './validation.util';

export const MAX_HOSTNAME_LENGTH = 253;

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/;
const PORT = /^[1-9]\d{0,4}$/;

/**
 * An RFC 1123 hostname: dot-separated labels of 1–63 letters, digits and inner hyphens,
 * 253 characters at most. The last label may not be all digits (RFC 3696 §2), so a
 * malformed address like `999.1.1.1` is not mistaken for a name. Expects lower case.
 */
export function isHostname(text: string): boolean {
  if (text.length === 0 || text.length > MAX_HOSTNAME_LENGTH) return false;
  const labels = text.split('.');
  return labels.every((label) => LABEL.test(label)) && !/^\d+$/.test(labels[labels.length - 1]!);
}

/**
 * An IPv6 address in text form (RFC 4291 §2.2): eight hex groups, one `::` standing for a
 * run of zero groups, and optionally an IPv4 address as the last 32 bits. Zone ids
 * (`%eth0`) are refused: they mean nothing to a remote peer. Expects lower case.
 */
export function isIpv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  const tail = groups[groups.length - 1]!;
  let count = 0;
  if (tail.length > 0 && isIpv4(tail[tail.length - 1]!)) {
    tail.pop();
    count = 2;
  }
  for (const half of groups) {
    if (!half.every((group) => HEX_GROUP.test(group))) return false;
    count += half.length;
  }
  return halves.length === 2 ? count <= 7 : count === 8;
}

/** What an endpoint host is, so a writer can format it: wg-quick brackets IPv6, RouterOS never does. */
export type HostKind = 'ipv4' | 'ipv6' | 'hostname';

/**
 * Classifies an endpoint host on its own, without brackets or port, by the rules
 * {@link parseEndpoint} applies: an IPv4 address, an IPv6 address or an RFC 1123 hostname,
 * in any letter case. Null for anything else.
 *
 * Examples: `"203.0.113.10"` → 'ipv4'; `"2001:DB8::1"` → 'ipv6'; `"vpn.example.com"` →
 * 'hostname'; `"[::1]"`, `"fe80::1%eth0"` and `"999.1.1.1"` → null.
 */
export function hostKind(text: string): HostKind | null {
  if (isIpv4(text)) return 'ipv4';
  const lower = asciiLower(text);
  if (isIpv6(lower)) return 'ipv6';
  return isHostname(lower) ? 'hostname' : null;
}

/** A–Z only: `toLowerCase` turns the Kelvin sign U+212A into "k", which would let it pass as a letter. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (letter) => letter.toLowerCase());
}

/**
 * The host of an {@link Endpoint} checked apart from its port, because a DesiredState carries
 * the two apart. Same rules and code as {@link parseEndpoint}, and the same result: the host
 * without brackets, in lower case.
 *
 * Example: `"VPN.example.com"` → `"vpn.example.com"`; `"[2001:db8::1]"` fails (no brackets here).
 */
export function validateEndpointHost(value: unknown, field: string): string {
  const expected = 'an IPv4 address, an IPv6 address without brackets or a hostname like vpn.example.com';
  const text = requireString(value, field, 'VALIDATION.INVALID_ENDPOINT', expected);
  if (hostKind(text) === null) throw invalid('VALIDATION.INVALID_ENDPOINT', field, `${field} "${printable(text)}" is not ${expected}.`);
  return asciiLower(text);
}

/**
 * Parses where a peer is reached: `host:port`, with the host an IPv4 address, an RFC 1123
 * hostname or an IPv6 address in brackets. Returns the host without brackets and in lower
 * case (hostnames and hex digits are case-insensitive), because RouterOS takes the address
 * and the port separately; a renderer writing wg-quick files adds the brackets back.
 *
 * Examples: `"vpn.example.com:51820"` → `{ host: 'vpn.example.com', port: 51820 }`;
 * `"[2001:DB8::1]:13231"` → `{ host: '2001:db8::1', port: 13231 }`.
 */
export function parseEndpoint(value: unknown, field: string): Endpoint {
  const text = requireString(value, field, 'VALIDATION.INVALID_ENDPOINT', 'host:port like vpn.example.com:51820');
  const fail = (why: string) =>
    invalid(
      'VALIDATION.INVALID_ENDPOINT',
      field,
      `${field} "${printable(text)}" ${why}; expected host:port like vpn.example.com:51820, 203.0.113.10:51820 or [2001:db8::1]:51820.`,
    );
  const { host, portText } = splitHostPort(text);
  if (portText === null) throw fail('has no port');
  if (!PORT.test(portText) || Number(portText) > 65535) throw fail('has no valid port (1 to 65535)');
  const port = Number(portText);
  if (host.bracketed) {
    const address = host.text.toLowerCase();
    if (!isIpv6(address)) throw fail('has no valid IPv6 address inside the brackets');
    return { host: address, port };
  }
  if (host.text.includes(':')) throw fail('has an IPv6 address without brackets');
  if (isIpv4(host.text)) return { host: host.text, port };
  const name = host.text.toLowerCase();
  if (!isHostname(name)) throw fail('has no valid IPv4 address or hostname');
  return { host: name, port };
}

/** Splits at the port colon: after `]` for a bracketed host, else at the last colon. */
function splitHostPort(text: string): { host: { text: string; bracketed: boolean }; portText: string | null } {
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    const rest = close < 0 ? '' : text.slice(close + 1);
    const host = { text: close < 0 ? text.slice(1) : text.slice(1, close), bracketed: true };
    return { host, portText: rest.startsWith(':') ? rest.slice(1) : null };
  }
  const colon = text.lastIndexOf(':');
  if (colon < 0) return { host: { text, bracketed: false }, portText: null };
  return { host: { text: text.slice(0, colon), bracketed: false }, portText: text.slice(colon + 1) };
}
