/** Helpers shared by the list endpoints that sort and search on the server. */

export interface ParsedSort<F extends string> {
  readonly field: F;
  readonly direction: 'ASC' | 'DESC';
}

/**
 * `-name` → `{ field: 'name', direction: 'DESC' }`, `name` → ASC. The value was validated
 * against the list's sorts already, so the field is one of them.
 *
 * @example parseSort('-createdAt') // { field: 'createdAt', direction: 'DESC' }
 */
export function parseSort<F extends string>(sort: F | `-${F}`): ParsedSort<F> {
  return sort.startsWith('-') ? { field: sort.slice(1) as F, direction: 'DESC' } : { field: sort as F, direction: 'ASC' };
}

/**
 * An ILIKE pattern matching `text` anywhere, with the user's `%`, `_` and `\` taken literally
 * (backslash is ILIKE's default escape), so a search for `10_0` finds only that text.
 *
 * @example containsPattern('50%') // '%50\\%%'
 */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
