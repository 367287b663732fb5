import { badRequest, type Row } from './emulator.model';

/**
 * Wire-level conversions (ROUTEROS-REST.md §1, §5): a request value may be a JSON string,
 * number or boolean and is read as text; anything else (an array, an object) is refused.
 */
export function toWireString(field: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw badRequest(`invalid value for argument ${field}`);
}

/** Equality "as the property's type": `dynamic=no` matches `"false"` (ROUTEROS-REST.md §4). */
export function sameValue(actual: string | undefined, wanted: string): boolean {
  if (actual === undefined) return false;
  const bool = (v: string): string => (v === 'yes' ? 'true' : v === 'no' ? 'false' : v);
  return bool(actual) === bool(wanted);
}

/** Keys as RouterOS prints them: `.id` first, then alphabetical. */
export function sortedRow(row: Row): Row {
  const out: Row = {};
  if (row['.id'] !== undefined) out['.id'] = row['.id'];
  for (const key of Object.keys(row).sort()) if (key !== '.id') out[key] = row[key] as string;
  return out;
}

/** `*` and uppercase hex (ROUTEROS-REST.md §3). */
export function formatId(value: number): string {
  return `*${value.toString(16).toUpperCase()}`;
}

export function parseId(id: string): number | undefined {
  return /^\*[0-9A-Fa-f]+$/.test(id) ? parseInt(id.slice(1), 16) : undefined;
}
