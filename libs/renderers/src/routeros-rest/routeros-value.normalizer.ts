import { formatCidr, isIpv4, maskOf, parseIpv4 } from '@wom/domain';
import { SENSITIVE_FIELDS } from './routeros-menu.schema';

/**
 * Compares what we write with what RouterOS reads back. The two differ in form, not meaning:
 * booleans come back as `true`/`false` after we wrote `yes`/`no`, a keepalive of `25s` may
 * come back as `25` or `00:00:25`, a /32 address-list entry comes back as a bare address, a
 * netmap target may come back as a range, and numbers may come back in hex.
 */
type FieldKind = 'boolean' | 'duration' | 'number' | 'address' | 'address-set' | 'set';

const FIELD_KINDS: Readonly<Record<string, FieldKind>> = {
  disabled: 'boolean',
  'persistent-keepalive': 'duration',
  timeout: 'duration',
  'listen-port': 'number',
  mtu: 'number',
  'endpoint-port': 'number',
  'to-ports': 'number',
  address: 'address',
  'dst-address': 'address',
  'src-address': 'address',
  'to-addresses': 'address',
  'endpoint-address': 'address',
  // WireGuard treats allowed addresses as a set; RouterOS may list them in another order.
  'allowed-address': 'address-set',
  'dst-port': 'set',
  'src-port': 'set',
  'connection-state': 'set',
  'connection-nat-state': 'set',
};

/** How RouterOS shows a secret to a user without the `sensitive` policy. */
export const MASKED_SECRET = '*****';

/** One canonical form per meaning, so two spellings compare equal as strings. */
export function normalizeRouterOsValue(field: string, value: string): string {
  switch (FIELD_KINDS[field]) {
    case 'boolean':
      return normalizeBoolean(value);
    case 'duration':
      return normalizeDuration(value);
    case 'number':
      return normalizeNumber(value);
    case 'address':
      return normalizeAddress(value);
    case 'address-set':
      return normalizeSet(value, normalizeAddress);
    case 'set':
      return normalizeSet(value, normalizeNumber);
    default:
      return value;
  }
}

/**
 * True when a read-back value means what we asked for. An absent value stands for
 * `fallback` (the menu default), and a masked secret is taken as equal because it can't be
 * checked: without this a user lacking `sensitive` would see the key rewritten on every deploy.
 */
export function routerOsValuesEqual(field: string, expected: string, actual: string | undefined, fallback = ''): boolean {
  if (SENSITIVE_FIELDS.has(field) && actual === MASKED_SECRET) return true;
  return normalizeRouterOsValue(field, expected) === normalizeRouterOsValue(field, actual ?? fallback);
}

function normalizeBoolean(value: string): string {
  if (value === 'yes' || value === 'true') return 'true';
  if (value === 'no' || value === 'false') return 'false';
  return value;
}

function normalizeNumber(value: string): string {
  if (/^0x[0-9a-f]+$/i.test(value)) return String(parseInt(value.slice(2), 16));
  if (/^\d+$/.test(value)) return String(Number(value));
  return value;
}

function normalizeSet(value: string, item: (part: string) => string): string {
  return value
    .split(',')
    .filter((part) => part !== '')
    .map(item)
    .sort()
    .join(',');
}

/** `a.b.c.d/32` → `a.b.c.d`; an aligned range `a-b` → its CIDR; anything else unchanged. */
function normalizeAddress(value: string): string {
  if (value.endsWith('/32') && isIpv4(value.slice(0, -3))) return value.slice(0, -3);
  const range = /^([\d.]+)-([\d.]+)$/.exec(value);
  if (!range || !isIpv4(range[1] ?? '') || !isIpv4(range[2] ?? '')) return value;
  const first = parseIpv4(range[1] ?? '');
  const last = parseIpv4(range[2] ?? '');
  if (first === last) return range[1] ?? value;
  const size = last - first + 1;
  const length = 32 - Math.log2(size);
  const aligned = size > 0 && Number.isInteger(length) && ((first & maskOf(length)) >>> 0) === first;
  return aligned ? formatCidr({ base: first, length }) : value;
}

const DURATION_UNITS_US: Readonly<Record<string, number>> = {
  w: 604_800_000_000,
  d: 86_400_000_000,
  h: 3_600_000_000,
  m: 60_000_000,
  s: 1_000_000,
  ms: 1_000,
  us: 1,
  ns: 0.001,
};

/** `25`, `25s`, `00:00:25` and `1d00:00:00` style → whole microseconds with a `us` suffix. */
function normalizeDuration(value: string): string {
  if (/^\d+$/.test(value)) return `${Number(value) * 1_000_000}us`;
  const clock = /^(?:(\d+)d)?(\d+):(\d\d):(\d\d)$/.exec(value);
  if (clock) {
    const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = clock;
    const total = ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds);
    return `${total * 1_000_000}us`;
  }
  if (!/^(\d+(w|d|h|ms|us|ns|m|s))+$/.test(value)) return value;
  let micros = 0;
  for (const [, amount, unit] of value.matchAll(/(\d+)(w|d|h|ms|us|ns|m|s)/g)) {
    micros += Number(amount) * (DURATION_UNITS_US[unit ?? 's'] ?? 0);
  }
  return `${Math.round(micros)}us`;
}
