/**
 * A server-driven list's state as it lives in the URL's query parameters, so a reload or a
 * shared link shows the same page, sort and filters. Pure: pages parse what the router gives
 * and build what they hand back to it.
 */

export type SortDirection = 'asc' | 'desc';

export interface ListSort<F extends string> {
  readonly active: F;
  readonly direction: SortDirection;
}

/** `page` is 0-based here and 1-based in the URL, as people count pages. */
export interface ListPaging {
  readonly page: number;
  readonly size: number;
}

export const PAGE_SIZES: readonly number[] = [25, 50, 100, 250];
export const DEFAULT_PAGE_SIZE = 50;
/** The API's own bound on an offset; a URL asking past it is clamped, never sent. */
const MAX_PAGE = 20_000;

type Params = { get(name: string): string | null };

/** The page and page size a URL asks for, falling back to the first page of the default size. */
export function parsePaging(params: Params): ListPaging {
  const size = Number(params.get('size'));
  const page = Number(params.get('page'));
  return {
    size: PAGE_SIZES.includes(size) ? size : DEFAULT_PAGE_SIZE,
    page: Number.isInteger(page) && page >= 1 ? Math.min(page, MAX_PAGE) - 1 : 0,
  };
}

/** `-name` → name descending; an unknown field falls back to the list's default. */
export function parseSort<F extends string>(value: string | null, fields: readonly F[], fallback: ListSort<F>): ListSort<F> {
  if (!value) return fallback;
  const descending = value.startsWith('-');
  const field = (descending ? value.slice(1) : value) as F;
  return fields.includes(field) ? { active: field, direction: descending ? 'desc' : 'asc' } : fallback;
}

/** The API's `sort` value: the field, `-` first when descending. */
export const sortValue = <F extends string>(sort: ListSort<F>): string => (sort.direction === 'desc' ? `-${sort.active}` : sort.active);

export const sameSort = <F extends string>(a: ListSort<F>, b: ListSort<F>): boolean => a.active === b.active && a.direction === b.direction;

/** A value the list accepts, or '' (no filter) for anything else a hand-edited URL holds. */
export function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | '' {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : '';
}

/** Free text from the URL, trimmed and cut to what the API accepts. */
export const textParam = (value: string | null, max = 100): string => (value ?? '').trim().slice(0, max);

/** The API's `limit`/`offset` for a page. */
export const limitOffset = ({ page, size }: ListPaging): { limit: number; offset: number } => ({ limit: size, offset: page * size });

/**
 * Query parameters for the router: defaults and empty values become null, so they leave the
 * URL (with `queryParamsHandling: 'merge'`) and a default list has a clean address.
 */
export function urlParams<F extends string>(
  filters: Readonly<Record<string, string>>,
  sort: ListSort<F>,
  defaultSort: ListSort<F>,
  paging: ListPaging,
): Record<string, string | null> {
  const result: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(filters)) result[key] = value === '' ? null : value;
  result['sort'] = sameSort(sort, defaultSort) ? null : sortValue(sort);
  result['page'] = paging.page === 0 ? null : String(paging.page + 1);
  result['size'] = paging.size === DEFAULT_PAGE_SIZE ? null : String(paging.size);
  return result;
}

/** The last page that still holds rows, for a total that shrank under the page shown. */
export const lastPage = (total: number, size: number): number => Math.max(0, Math.ceil(total / size) - 1);
