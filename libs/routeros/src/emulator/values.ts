import { formatIpv4, isIpv4, maskOf, parseIpv4 } from '@wom/domain';
import { badRequest, type Row } from './emulator.model';

/**
 * Value conversions RouterOS applies on write: JSON numbers become strings, booleans are
 * accepted as yes/no/true/false and stored as true/false (ROUTEROS-REST.md §5).
 */
export function toWireString(field: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw badRequest(`invalid value for argument ${field}`);
}

export function toStoredBoolean(field: string, value: string): string {
  if (value === 'yes' || value === 'true') return 'true';
  if (value === 'no' || value === 'false') return 'false';
  throw badRequest(`invalid value for argument ${field}`);
}

/** Equality "as the property's type": `dynamic=no` matches `"false"` (ROUTEROS-REST.md §4). */
export function sameValue(actual: string | undefined, wanted: string): boolean {
  if (actual === undefined) return false;
  const bool = (v: string): string => (v === 'yes' ? 'true' : v === 'no' ? 'false' : v);
  return bool(actual) === bool(wanted);
}

/** `a.b.c.d/len` → its network address, as /ip/address `network` shows it. */
export function networkOf(address: string): string | undefined {
  const [ip = '', length = '32'] = address.split('/');
  if (!isIpv4(ip) || !/^\d+$/.test(length) || Number(length) > 32) return undefined;
  return formatIpv4((parseIpv4(ip) & maskOf(Number(length))) >>> 0);
}

/** A bare IPv4 address is stored as `/32` in /ip/address. */
export function withPrefixLength(address: string): string {
  return isIpv4(address) ? `${address}/32` : address;
}

/** Keys as RouterOS prints them: `.id` first, then alphabetical. */
export function sortedRow(row: Row): Row {
  const out: Row = {};
  if (row['.id'] !== undefined) out['.id'] = row['.id'];
  for (const key of Object.keys(row).sort()) if (key !== '.id') out[key] = row[key] as string;
  return out;
}

export function formatId(value: number): string {
  return `*${value.toString(16).toUpperCase()}`;
}

export function parseId(id: string): number | undefined {
  return /^\*[0-9A-Fa-f]+$/.test(id) ? parseInt(id.slice(1), 16) : undefined;
}
