import { ALL_POLICIES, badRequest, type Policy } from './emulator.model';
import { formatPrefix, isAddress, isAddressRange, parsePrefix } from './addresses';
import { formatDuration, parseDuration } from './durations';
import type { RouterTables } from './router-tables';

/**
 * The type of one menu property: what RouterOS accepts on write and the form it prints back.
 * Refusals use RouterOS's own detail texts (ROUTEROS-REST.md §6):
 * - `invalid value for argument <name>`: a value that does not parse as the type [TIKOCI];
 * - `value of <name> out of range (<min>..<max>)`: a number outside its range [3P];
 * - `input does not match any value of <name>`: an enum or a reference to a row that does not
 *   exist (an interface, a group) [TIKOCI 7.23.3].
 * Where no capture gives the wording for a type (booleans, durations, keys) the generic
 * `invalid value for argument` is used [?].
 */
export type FieldType =
  | { readonly kind: 'text' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'int'; readonly min: number; readonly max: number }
  /** `off`: zero switches the property off, and RouterOS then leaves it out of the row. */
  | { readonly kind: 'duration'; readonly off?: boolean }
  /** An address with its prefix length; a bare address gets the host length (`/ip/address`, `dst-address`). */
  | { readonly kind: 'prefix' }
  /** Comma-separated prefixes, each printed with its length (`allowed-address`). */
  | { readonly kind: 'prefix-list' }
  /** An address or a DNS name (`endpoint-address`); empty means none. */
  | { readonly kind: 'host' }
  /** A single address (`pref-src`). */
  | { readonly kind: 'address' }
  /** Firewall address matchers: address, prefix or range, `!` negates. */
  | { readonly kind: 'address-match' }
  /** NAT targets: an address, a range, or a prefix (netmap's `to-addresses=192.168.1.0/24`, MikroTik manual "NAT"). */
  | { readonly kind: 'nat-target' }
  /** Address-list entries: address, prefix, range or DNS name; a host prefix prints bare. */
  | { readonly kind: 'list-entry' }
  /** Ports and ranges, comma-separated, `!` negates (`dst-port=80,443,8000-8080`). */
  | { readonly kind: 'ports' }
  | { readonly kind: 'enum'; readonly values: readonly string[]; readonly list?: boolean; readonly negatable?: boolean }
  /** IP protocol by name or number, `!` negates. */
  | { readonly kind: 'protocol' }
  /** The name of an existing interface; `wireguard` only a WireGuard one. */
  | { readonly kind: 'interface'; readonly negatable?: boolean; readonly wireguard?: boolean }
  /** `gateway`: an address, an interface name or `address%interface`. */
  | { readonly kind: 'gateway' }
  /** A WireGuard key: 44 base64 characters (32 bytes); `keywords` are accepted as they are. */
  | { readonly kind: 'wg-key'; readonly keywords?: readonly string[] }
  /** `/user/group` `policy`: policy names, `!` denies; printed granted first, then every other one denied. */
  | { readonly kind: 'policies' }
  /** The name of an existing `/user/group`. */
  | { readonly kind: 'group' };

const invalid = (field: string) => badRequest(`invalid value for argument ${field}`);
const noMatch = (field: string) => badRequest(`input does not match any value of ${field}`);

/** IP protocol names RouterOS takes in firewall rules (MikroTik manual, "Filter" page). */
const PROTOCOLS = [
  'dccp', 'ddp', 'egp', 'encap', 'etherip', 'ggp', 'gre', 'hmp', 'icmp', 'icmpv6', 'idpr-cmtp', 'igmp', 'ipencap', 'ipip',
  'ipsec-ah', 'ipsec-esp', 'ipv6-encap', 'ipv6-frag', 'ipv6-nonxt', 'ipv6-opts', 'ipv6-route', 'iso-tp4', 'l2tp', 'ospf',
  'pim', 'pup', 'rdp', 'rspf', 'rsvp', 'sctp', 'st', 'tcp', 'udp', 'udp-lite', 'vmtp', 'vrrp', 'xns-idp', 'xtp',
];

/**
 * The stored (printed) form of `text` written to `field`; undefined when the write switches
 * the property off, so the row no longer shows it. Throws RouterOS's refusal otherwise.
 */
export function normalizeValue(field: string, type: FieldType, text: string, tables: RouterTables): string | undefined {
  switch (type.kind) {
    case 'text':
      return text;
    case 'bool':
      if (text === 'yes' || text === 'true') return 'true';
      if (text === 'no' || text === 'false') return 'false';
      throw invalid(field);
    case 'int':
      return integer(field, text, type.min, type.max);
    case 'duration': {
      const micros = parseDuration(text);
      if (micros === undefined) throw invalid(field);
      return micros === 0 && type.off ? undefined : formatDuration(micros);
    }
    case 'prefix': {
      const prefix = parsePrefix(text);
      if (!prefix) throw invalid(field);
      return formatPrefix(prefix);
    }
    case 'prefix-list':
      return listOf(text, (part) => {
        const prefix = parsePrefix(part);
        if (!prefix) throw invalid(field);
        return formatPrefix(prefix);
      });
    case 'host':
      if (text === '' || isAddress(text) || isHostName(text)) return text;
      throw invalid(field);
    case 'address':
      if (isAddress(text)) return text;
      throw invalid(field);
    case 'address-match':
      return negatable(text, true, (value) => (isAddress(value) || parsePrefix(value) !== undefined || isAddressRange(value) ? value : undefined), field, invalid);
    case 'nat-target':
      if (isAddress(text) || isAddressRange(text) || parsePrefix(text) !== undefined) return text;
      throw invalid(field);
    case 'list-entry':
      return listEntry(field, text);
    case 'ports':
      return negatable(text, true, (value) => (value.split(',').every(isPortOrRange) ? value : undefined), field, invalid);
    case 'enum':
      return negatable(text, type.negatable === true, (value) => {
        const parts = type.list ? value.split(',') : [value];
        return parts.every((part) => type.values.includes(part)) ? value : undefined;
      }, field, noMatch);
    case 'protocol':
      return negatable(text, true, (value) => (PROTOCOLS.includes(value) || (/^\d{1,3}$/.test(value) && Number(value) <= 255) ? value : undefined), field, noMatch);
    case 'interface': {
      const names = type.wireguard ? tables.rows('/interface/wireguard').map((row) => row['name'] ?? '') : tables.interfaceNames();
      return negatable(text, type.negatable === true, (value) => (names.includes(value) ? value : undefined), field, noMatch);
    }
    case 'gateway':
      return gateway(field, text, tables);
    case 'wg-key':
      if (type.keywords?.includes(text) || /^[A-Za-z0-9+/]{43}=$/.test(text)) return text;
      throw invalid(field);
    case 'policies':
      return policies(field, text);
    case 'group':
      if (tables.rows('/user/group').some((row) => row['name'] === text)) return text;
      throw noMatch(field);
  }
}

/** Decimal, or hex with `0x` (ROUTEROS-REST.md §1); printed in decimal. */
function integer(field: string, text: string, min: number, max: number): string {
  const value = /^\d+$/.test(text) ? Number(text) : /^0x[0-9a-f]+$/i.test(text) ? parseInt(text.slice(2), 16) : undefined;
  if (value === undefined) throw invalid(field);
  if (value < min || value > max) throw badRequest(`value of ${field} out of range (${min}..${max})`);
  return String(value);
}

function listOf(text: string, item: (part: string) => string): string {
  const parts = text.split(',').filter((part) => part !== '');
  return parts.map(item).join(',');
}

/** `!value` where RouterOS allows it; `check` returns the value's stored form or undefined. */
function negatable(text: string, allowed: boolean, check: (value: string) => string | undefined, field: string, refusal: (field: string) => Error): string {
  const negated = allowed && text.startsWith('!');
  const stored = check(negated ? text.slice(1) : text);
  if (stored === undefined) throw refusal(field);
  return negated ? `!${stored}` : stored;
}

function isHostName(text: string): boolean {
  return /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/.test(text);
}

function isPortOrRange(text: string): boolean {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  return match !== null && Number(match[1]) <= 65535 && Number(match[2] ?? 0) <= 65535;
}

/** A single host prefix prints as the bare address (ROUTEROS-REST.md §8, address-list). */
function listEntry(field: string, text: string): string {
  if (isAddressRange(text) || isHostName(text)) return text;
  const prefix = parsePrefix(text);
  if (!prefix) throw invalid(field);
  return prefix.length === (prefix.family === 4 ? 32 : 128) ? prefix.address : formatPrefix(prefix);
}

function gateway(field: string, text: string, tables: RouterTables): string {
  const names = tables.interfaceNames();
  const ok = text.split(',').every((part) => {
    const [address = '', iface, extra] = part.split('%');
    if (extra !== undefined) return false;
    if (iface !== undefined) return isAddress(address) && names.includes(iface);
    return isAddress(part) || names.includes(part);
  });
  if (!ok) throw invalid(field);
  return text;
}

function policies(field: string, text: string): string {
  const granted = new Set<Policy>();
  for (const part of text.split(',').filter(Boolean)) {
    const name = part.startsWith('!') ? part.slice(1) : part;
    if (!(ALL_POLICIES as readonly string[]).includes(name)) throw noMatch(field);
    if (!part.startsWith('!')) granted.add(name as Policy);
  }
  return printPolicies(granted);
}

/** `read,write,api,!local,…`: RouterOS lists what a group has, then every policy it lacks with `!`. */
export function printPolicies(granted: ReadonlySet<Policy>): string {
  const has = ALL_POLICIES.filter((policy) => granted.has(policy));
  const lacks = ALL_POLICIES.filter((policy) => !granted.has(policy)).map((policy) => `!${policy}`);
  return [...has, ...lacks].join(',');
}

/** The policies a printed `policy` value grants: every name not marked `!`. */
export function grantedPolicies(printed: string): Set<Policy> {
  return new Set(printed.split(',').filter((part) => part !== '' && !part.startsWith('!')) as Policy[]);
}
