import type { ServiceNatRule } from '../model/desired-state.model';
import { formatCidr, formatIpv4, isIpv4, parseCidr, parseIpv4, printable } from '../net/ipv4';
import { describeValue, invalid, requireInteger, requireString, withFieldContext } from './validation.util';

/** Bounds of the interface MTU; see {@link validateMtu}. */
export const MIN_MTU = 1280;
export const MAX_MTU = 9000;
/** More DNS servers than this is junk input, not a configuration (resolv.conf reads three). */
export const MAX_DNS_SERVERS = 8;

/** A prefix length written without leading zeros, as `parseCidr` reads it. */
const PREFIX_LENGTH = /^(3[0-2]|[12]?\d)$/;

/**
 * An IPv4 network in CIDR form, returned canonical. Host bits set is an error whose
 * message names the network that was probably meant: `"192.168.1.5/24"` → "did you mean
 * 192.168.1.0/24?", with `details.suggestion`.
 */
export function validateCidr(value: unknown, field: string): string {
  const text = requireString(value, field, 'VALIDATION.INVALID_CIDR', 'an IPv4 network in CIDR form like 192.168.1.0/24');
  return withFieldContext(field, () => formatCidr(parseCidr(text, field)));
}

/**
 * An address on an interface: an IPv4 address and the prefix length of its network, host
 * bits kept, so `10.0.0.2/24` means 10.0.0.2 in 10.0.0.0/24. Unlike {@link validateCidr},
 * `10.0.0.2/24` is not an error here. Returned as given; a valid one is already canonical.
 */
export function validateInterfaceAddress(value: unknown, field: string): string {
  const expected = 'an IPv4 interface address like 10.0.0.1/24';
  const text = requireString(value, field, 'VALIDATION.INVALID_CIDR', expected);
  const slash = text.indexOf('/');
  if (slash < 0 || !isIpv4(text.slice(0, slash)) || !PREFIX_LENGTH.test(text.slice(slash + 1))) {
    throw invalid('VALIDATION.INVALID_CIDR', field, `${field} "${printable(text)}" is not ${expected}.`);
  }
  return text;
}

/** One IPv4 address in dotted-quad form, like `10.0.0.1`; leading zeros are refused. */
export function validateIpv4(value: unknown, field: string): string {
  const text = requireString(value, field, 'VALIDATION.INVALID_IPV4', 'an IPv4 address like 10.0.0.1');
  return withFieldContext(field, () => formatIpv4(parseIpv4(text, field)));
}

/** A UDP or TCP port: a whole number from 1 to 65535. Port 0 means "any" and is refused. */
export function validatePort(value: unknown, field: string): number {
  return requireInteger(value, field, 'VALIDATION.INVALID_PORT', 1, 65535);
}

/**
 * One protocol of a {@link ServiceNatRule}: `tcp` or `udp`, lower case, as nft and RouterOS
 * write it. A service published over `both` reaches a DesiredState with both listed.
 */
export function validateNatProtocol(value: unknown, field: string): ServiceNatRule['protocols'][number] {
  if (value !== 'tcp' && value !== 'udp') {
    throw invalid('VALIDATION.INVALID_PROTOCOL', field, `${field} must be "tcp" or "udp"; got ${describeValue(value)}.`);
  }
  return value;
}

/**
 * WireGuard's PersistentKeepalive in seconds: 0 turns it off, 65535 is the largest value
 * `wg` accepts. The usual value behind NAT is 25.
 */
export function validateKeepalive(value: unknown, field: string): number {
  return requireInteger(value, field, 'VALIDATION.INVALID_KEEPALIVE', 0, 65535, ' seconds');
}

/**
 * The WireGuard interface MTU. 1280 is the IPv6 minimum link MTU: below it Linux drops IPv6
 * from the interface, so nothing could ever run IPv6 through the tunnel. 9000 is the common
 * jumbo-frame ceiling of an underlay. A tunnel normally sits 80 bytes under its underlay
 * (1420 on a 1500-byte link, which covers WireGuard over both IPv4 and IPv6); we don't
 * enforce that, because only the device knows its underlay.
 */
export function validateMtu(value: unknown, field: string): number {
  return requireInteger(value, field, 'VALIDATION.INVALID_MTU', MIN_MTU, MAX_MTU, ' bytes');
}

/**
 * A list of DNS server IPv4 addresses, each canonical, in the given order. Empty means no
 * DNS. A bad entry fails as `VALIDATION.INVALID_IPV4` with the field `dns[2]`; a list that is
 * no list, too long, or repeats an address fails as `VALIDATION.INVALID_DNS`.
 */
export function validateDnsServers(value: unknown, field: string): string[] {
  if (!Array.isArray(value)) {
    throw invalid('VALIDATION.INVALID_DNS', field, `${field} must be a list of IPv4 addresses like ["1.1.1.1"].`);
  }
  if (value.length > MAX_DNS_SERVERS) {
    throw invalid('VALIDATION.INVALID_DNS', field, `${field} lists ${value.length} servers; give at most ${MAX_DNS_SERVERS}.`);
  }
  const servers = value.map((entry: unknown, index) => validateIpv4(entry, `${field}[${index}]`));
  const duplicate = servers.find((server, index) => servers.indexOf(server) !== index);
  if (duplicate !== undefined) {
    throw invalid('VALIDATION.INVALID_DNS', field, `${field} lists ${duplicate} twice; give each server once.`);
  }
  return servers;
}
