import { inject } from '@angular/core';
import { BaseRouteReuseStrategy, Router, type ActivatedRouteSnapshot, type CanActivateFn, type UrlMatcher, type UrlSegment } from '@angular/router';
import { ApiService } from './api.service';
import { ProblemService } from './problem.service';
import { WanContext } from './wan-context.service';
import { legacyTarget, WAN_PAGES } from './wan-path.logic';

/** Top-level paths of WAN pages from before they were scoped (`/peers/…`, `/jobs`…), kept working for links already handed out. */
export const legacyWanPage: UrlMatcher = (segments: UrlSegment[]) => (segments.length > 0 && WAN_PAGES.includes(segments[0]!.path) ? { consumed: segments } : null);

/**
 * Sends a top-level path to the same page of a WAN: a peer's own WAN for `/peers/<id>…`, else
 * the remembered or first WAN. With no WAN yet, `/` shows the welcome and the rest go to `/wans`.
 */
export const toWanPage: CanActivateFn = async (_route, state) => {
  // inject() only works before the first await.
  const context = inject(WanContext);
  const router = inject(Router);
  const api = inject(ApiService);
  await context.ensureLoaded();
  const tree = router.parseUrl(state.url);
  const segments = tree.root.children['primary']?.segments.map((s) => s.path) ?? [];
  let wanId = context.wanId();
  if (segments[0] === 'peers' && segments[1] && segments[1] !== 'new') wanId = (await api.peer(segments[1]).catch(() => null))?.wanId ?? wanId;
  if (!wanId) return segments.length === 0 || (segments.length === 1 && segments[0] === 'wans') ? true : router.parseUrl('/wans');
  const target = legacyTarget(segments, wanId);
  return target ? router.createUrlTree(target, { queryParams: tree.queryParams, fragment: tree.fragment ?? undefined }) : router.parseUrl('/');
};

/** A URL naming a WAN that does not exist goes to the WAN list, saying so; while the list cannot be read, the URL is trusted. */
export const knownWan: CanActivateFn = async (route) => {
  const context = inject(WanContext);
  const router = inject(Router);
  const problems = inject(ProblemService);
  const id = route.paramMap.get('wanId') ?? '';
  await context.ensureLoaded();
  if (!context.wans().some((w) => w.id === id)) await context.load(); // created a moment ago, maybe in another tab
  if (context.loadFailed() || context.wans().some((w) => w.id === id)) return true;
  problems.show(new Error(`No WAN has the id ${id}: it may have been deleted. Pick a WAN from the list.`));
  return router.parseUrl('/wans');
};

/** A peer's page opened under another WAN moves to the peer's own WAN, so the selector and the page agree. */
export const peerInItsWan: CanActivateFn = async (route, state) => {
  const api = inject(ApiService);
  const router = inject(Router);
  const peerId = route.paramMap.get('id');
  const wanId = route.parent?.paramMap.get('wanId') ?? null;
  if (!peerId || !wanId) return true;
  const peer = await api.peer(peerId).catch(() => null);
  if (!peer || peer.wanId === wanId) return true;
  return router.parseUrl(state.url.replace(`/wans/${wanId}/`, `/wans/${peer.wanId}/`));
};

/**
 * Pages are rebuilt, not reused, when the WAN in the URL changes: answers still on their way
 * for the old WAN then land in a page nobody shows, so a quick switch can never leave one WAN's
 * data under another WAN's name.
 */
export class WanRouteReuseStrategy extends BaseRouteReuseStrategy {
  override shouldReuseRoute(future: ActivatedRouteSnapshot, current: ActivatedRouteSnapshot): boolean {
    return future.routeConfig === current.routeConfig && future.paramMap.get('wanId') === current.paramMap.get('wanId');
  }
}
