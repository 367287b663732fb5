/**
 * Where WAN-scoped pages live: `/wans/<wanId>/<page>`. The URL is the one record of which WAN
 * a page shows, so a reload, back/forward or a shared link lands on the same WAN.
 */

/** First path segments of the pages that belong to one WAN (the dashboard is the WAN's root). */
export const WAN_PAGES: readonly string[] = ['topology', 'peers', 'services', 'conflicts', 'jobs', 'export', 'agents', 'audit', 'settings'];

/** Query parameters that keep their meaning in another WAN (the rest name things of the old one). */
export const PORTABLE_QUERY: readonly string[] = ['scope'];

/**
 * Router commands for a page of one WAN: `wanPath('w1', 'peers', id)` → `['/wans', 'w1', 'peers', id]`.
 * Without a WAN (none loaded yet) it is the old top-level path, which redirects once one is known.
 */
export function wanPath(wanId: string | null | undefined, ...segments: readonly (string | number)[]): string[] {
  const rest = segments.map(String).filter((segment) => segment !== '');
  return wanId ? ['/wans', wanId, ...rest] : ['/', ...rest];
}

/** The WAN a path names (`['wans', id, …]`), or null for pages outside any WAN. */
export function wanIdInPath(segments: readonly string[]): string | null {
  return segments[0] === 'wans' && segments[1] ? segments[1] : null;
}

/**
 * Where a top-level link from before pages were WAN-scoped leads now: the same page in `wanId`
 * (`/peers/abc` → `/wans/<wanId>/peers/abc`, `/` → the dashboard, `/wans` → the WAN's settings);
 * null when the path is not a WAN page.
 */
export function legacyTarget(segments: readonly string[], wanId: string): string[] | null {
  if (segments.length === 0) return ['/wans', wanId];
  if (segments.length === 1 && segments[0] === 'wans') return ['/wans', wanId, 'settings'];
  return WAN_PAGES.includes(segments[0]!) ? ['/wans', wanId, ...segments] : null;
}

/**
 * The same page in another WAN. A list stays that list; a page about one peer (which belongs to
 * the old WAN) becomes the peer list. Null when the page belongs to no WAN (it stays as it is).
 */
export function switchWanPath(segments: readonly string[], toWanId: string): string[] | null {
  if (wanIdInPath(segments) === null) return legacyTarget(segments, toWanId);
  const page = segments.slice(2);
  if (page.length === 0) return ['/wans', toWanId];
  if (page[0] === 'peers' && page[1] === 'new') return ['/wans', toWanId, 'peers', 'new'];
  return ['/wans', toWanId, page[0]!];
}

/** The query parameters worth keeping when moving to another WAN. */
export function portableQuery(query: Readonly<Record<string, unknown>>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const key of PORTABLE_QUERY) if (typeof query[key] === 'string' && query[key] !== '') kept[key] = query[key];
  return kept;
}

/** The WAN to show where the URL names none: the remembered one if it still exists, else the first. */
export function fallbackWanId(wans: readonly { readonly id: string }[], remembered: string | null): string | null {
  return wans.find((wan) => wan.id === remembered)?.id ?? wans[0]?.id ?? null;
}

/** `?scope=all` widens a list that can show every WAN (jobs, audit); anything else keeps it to the selected WAN. */
export const ALL_WANS_SCOPE = 'all';

/** The `wanId` filter a scoped list sends: none for every WAN, else the selected WAN's id. */
export function scopeWanFilter(scope: string | null | undefined, wanId: string | null): string | undefined {
  return scope === ALL_WANS_SCOPE ? undefined : (wanId ?? undefined);
}
