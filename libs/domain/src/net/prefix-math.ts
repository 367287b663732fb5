import { formatCidr, lastAddress, prefixContains, prefixesOverlap, type Ipv4Prefix } from './ipv4';

/**
 * The smallest set of aligned prefixes that covers `range` minus every hole, in address
 * order. Example: 10.0.0.0/24 minus 10.0.0.7/32 gives 10.0.0.0/30, 10.0.0.4/31,
 * 10.0.0.6/32, 10.0.0.8/29, 10.0.0.16/28, 10.0.0.32/27, 10.0.0.64/26, 10.0.0.128/25.
 *
 * Used where allowed IPs must not overlap between two WireGuard peers on one interface
 * (RouterOS refuses overlaps): a hub entry carries the tunnel range minus the peers a
 * hybrid spoke reaches directly. Cost: O(holes × 32).
 */
export function subtractPrefixes(range: Ipv4Prefix, holes: readonly Ipv4Prefix[]): Ipv4Prefix[] {
  const relevant = holes.filter((hole) => prefixesOverlap(range, hole)).sort((a, b) => a.base - b.base);
  const out: Ipv4Prefix[] = [];
  const cover = (prefix: Ipv4Prefix, from: number): void => {
    let first = from;
    while (first < relevant.length && lastAddress(relevant[first]!) < prefix.base) first++;
    const hole = relevant[first];
    if (!hole || hole.base > lastAddress(prefix)) {
      out.push(prefix);
      return;
    }
    if (prefixContains(hole, prefix)) return;
    const half = { length: prefix.length + 1 };
    cover({ base: prefix.base, ...half }, first);
    cover({ base: prefix.base + 2 ** (31 - prefix.length), ...half }, first);
  };
  cover(range, 0);
  return out;
}

export function subtractPrefixesAsCidrs(range: Ipv4Prefix, holes: readonly Ipv4Prefix[]): string[] {
  return subtractPrefixes(range, holes).map(formatCidr);
}
