import { comparePrefixes, lastAddress, type Ipv4Prefix } from '../net/ipv4';

/** A prefix one subnet puts somewhere: its LAN (`route: false`) or what the WAN routes (`route: true`). */
export interface Span {
  readonly prefix: Ipv4Prefix;
  /** Index of the owning subnet in the caller's list. */
  readonly owner: number;
  readonly route: boolean;
}

/**
 * Calls `visit` once for every overlapping pair of spans where at least one is a route.
 * Two LANs alone never conflict (they live on different devices), so those pairs are
 * never even looked at.
 *
 * Why this is not O(n²): spans are sorted by address, containing prefix first. Prefixes are
 * either nested or disjoint, so the spans still open at any address form a chain, kept as
 * a stack per role; a span that ended is popped once and never compared again. Every
 * comparison made is a real overlap, so the cost is O(n log n + overlapping pairs). Even
 * 10,000 home LANs on 192.168.1.0/24 cost nothing unless something routes over them.
 */
export function forEachRouteOverlap(spans: readonly Span[], visit: (earlier: Span, later: Span) => void): void {
  const sorted = [...spans].sort((x, y) => comparePrefixes(x.prefix, y.prefix));
  const openRoutes: Span[] = [];
  const openLans: Span[] = [];
  for (const span of sorted) {
    closeBefore(openRoutes, span.prefix.base);
    closeBefore(openLans, span.prefix.base);
    for (const route of openRoutes) visit(route, span);
    if (span.route) {
      for (const lan of openLans) visit(lan, span);
      openRoutes.push(span);
    } else {
      openLans.push(span);
    }
  }
}

/** Pops the spans that end before `address`; the innermost is on top, so they come off first. */
function closeBefore(open: Span[], address: number): void {
  while (open.length > 0 && lastAddress(open[open.length - 1]!.prefix) < address) open.pop();
}
