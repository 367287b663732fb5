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
