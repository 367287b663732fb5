import type { CompileIssue } from '../model/desired-state.model';
import { comparePrefixes, lastAddress, maskOf, parseCidr, prefixesOverlap, type Ipv4Prefix } from '../net/ipv4';
import { subtractPrefixesAsCidrs } from '../net/prefix-math';
import type { CompileContext, PeerFacts } from './compile-context';

/**
 * A peer's own local subnets never get a route or an allowed IP into the tunnel: the LAN
 * route is already on the LAN interface, so `ip route add` fails with "File exists" and the
 * whole state is refused (or, for a remote prefix inside the LAN, part of the LAN is
 * hijacked into the tunnel). That happens whenever a remote routes a prefix that overlaps
 * this peer's real LAN, which is exactly what resolving a LAN overlap by translating only
 * one side leaves behind.
 *
 * So each remote routed prefix that overlaps one of the viewer's own prefixes is replaced,
 * for that viewer only, by what is left of it without them: nothing when it lies inside one,
 * the aligned pieces around them when it contains some (prefix subtraction, as for hybrid
 * hub entries).
 */

/** One remote prefix the viewer routes only in part, or not at all. */
export interface OwnSubnetExclusion {
  readonly prefix: string;
  /** What the viewer still routes of it, in address order; empty when it is left out. */
  readonly kept: readonly string[];
  /** The remotes that route it (several only when their subnets are ambiguous). */
  readonly remotes: readonly PeerFacts[];
  /** How the viewer's own prefixes it overlaps are named in a message. */
  readonly own: readonly string[];
}

export interface OwnSubnetExclusions {
  /** Remote prefix → what is left of it: feeds `replaceItems`. */
  readonly replacements: ReadonlyMap<string, readonly string[]>;
  /** In address order of the prefix. */
  readonly found: readonly OwnSubnetExclusion[];
}

/** Who routes each prefix, per compilation; built on the first real overlap, which most WANs never have. */
const ownersCache = new WeakMap<CompileContext, ReadonlyMap<string, readonly PeerFacts[]>>();

function ownersOf(ctx: CompileContext): ReadonlyMap<string, readonly PeerFacts[]> {
  let owners = ownersCache.get(ctx);
  if (owners) return owners;
  const map = new Map<string, PeerFacts[]>();
  for (const facts of ctx.peers) {
    for (const cidr of facts.routed) {
      const list = map.get(cidr);
      if (list) list.push(facts);
      else map.set(cidr, [facts]);
    }
  }
  owners = map;
  ownersCache.set(ctx, owners);
  return owners;
}

/** The first position in `sorted[0, end)` at or after (`base`, `length`) in address order, containing prefix first. */
function lowerBound(sorted: readonly Ipv4Prefix[], base: number, length: number, end: number): number {
  let low = 0;
  let high = end;
  while (low < high) {
    const middle = (low + high) >>> 1;
    const p = sorted[middle]!;
    if (p.base < base || (p.base === base && p.length < length)) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Adds to `out` the position of every routed prefix (sorted as the context sorts them) that
 * overlaps `own`. Aligned prefixes are nested or disjoint, so those overlapping it either start
 * inside it, one run found by binary search, or contain it, and of each shorter length only
 * one prefix can: one lookup each, for the lengths `lengths` (a bitset) says some prefix has.
 * O(32 log n + hits) at worst, with nothing to build first; one search when all are /24s.
 */
function collectOverlaps(routed: readonly Ipv4Prefix[], lengths: number, own: Ipv4Prefix, out: number[]): void {
  const first = lowerBound(routed, own.base, 0, routed.length);
  const ownLast = lastAddress(own);
  for (let i = first; i < routed.length && routed[i]!.base <= ownLast; i++) out.push(i);
  for (let length = own.length - 1; length >= 0; length--) {
    if (((lengths >>> length) & 1) === 0) continue;
    const base = (own.base & maskOf(length)) >>> 0;
    // A containing prefix from the same base starts inside `own`: already found above.
    if (base === own.base) continue;
    const at = lowerBound(routed, base, length, first);
    if (at < first && routed[at]!.base === base && routed[at]!.length === length) out.push(at);
  }
}

interface OwnPrefix {
  readonly prefix: Ipv4Prefix;
  readonly label: string;
}

/** The viewer's real LAN prefixes, routed or not, and the translations it routes them as. */
function ownPrefixes(ctx: CompileContext, viewer: PeerFacts): OwnPrefix[] {
  const own: OwnPrefix[] = [];
  for (const subnet of ctx.subnetsByPeer.get(viewer.peer.id) ?? []) {
    own.push({ prefix: parseCidr(subnet.cidr, 'subnets.cidr'), label: subnet.cidr });
    if (subnet.isRouted && subnet.natEnabled && subnet.natTranslatedCidr) {
      own.push({ prefix: parseCidr(subnet.natTranslatedCidr, 'subnets.natTranslatedCidr'), label: `${subnet.natTranslatedCidr} (the translation of ${subnet.cidr})` });
    }
  }
  // In address order, so messages never depend on the order subnets were gathered in.
  return own.sort((a, b) => comparePrefixes(a.prefix, b.prefix));
}

/**
 * What the viewer must leave out of the remote prefixes it routes, or null when nothing
 * overlaps its own subnets (always, for a peer without local subnets, at no cost).
 *
 * Example: a viewer with LAN 192.168.20.0/24, and a remote routing 192.168.16.0/21 and
 * 192.168.20.0/24: the /24 is left out, and the /21 becomes 192.168.16.0/22,
 * 192.168.21.0/24 and 192.168.22.0/23.
 */
export function ownSubnetExclusions(ctx: CompileContext, viewer: PeerFacts): OwnSubnetExclusions | null {
  if (!ctx.subnetsByPeer.has(viewer.peer.id) || ctx.routedPrefixes.length === 0) return null;
  const own = ownPrefixes(ctx, viewer);
  const cidrs = ctx.routedPrefixes;
  const positions: number[] = [];
  for (const { prefix } of own) collectOverlaps(ctx.routedParsed, ctx.routedLengths, prefix, positions);
  // The viewer's own routed prefixes, routed by nobody else, are already left out of its state.
  const hits = positions.filter((i) => ctx.routedByMany.has(cidrs[i]!) || !viewer.routed.includes(cidrs[i]!));
  if (hits.length === 0) return null;
  const owners = ownersOf(ctx);
  const replacements = new Map<string, readonly string[]>();
  const found: OwnSubnetExclusion[] = [];
  for (const i of [...new Set(hits)].sort((a, b) => a - b)) {
    const cidr = cidrs[i]!;
    // Never empty: a prefix only the viewer routes was filtered out above.
    const remotes = owners.get(cidr)!.filter((facts) => facts !== viewer);
    const prefix = ctx.routedParsed[i]!;
    const overlapping = own.filter((o) => prefixesOverlap(o.prefix, prefix));
    const kept = subtractPrefixesAsCidrs(prefix, overlapping.map((o) => o.prefix));
    replacements.set(cidr, kept);
    found.push({ prefix: cidr, kept, remotes, own: [...new Set(overlapping.map((o) => o.label))] });
  }
  return found.length === 0 ? null : { replacements, found };
}

/**
 * `ROUTE.OWN_SUBNET_EXCLUDED` for each remote the viewer lists (directly or through a hub)
 * whose prefix it leaves out in whole or in part, so the console can say why the site
 * cannot reach it.
 */
export function ownSubnetIssues(viewer: PeerFacts, exclusions: OwnSubnetExclusions, unreachable: readonly PeerFacts[]): CompileIssue[] {
  const issues: CompileIssue[] = [];
  const name = viewer.peer.name;
  for (const { prefix, kept, remotes, own } of exclusions.found) {
    for (const remote of remotes) {
      if (!remote.peer.publicKey || unreachable.includes(remote)) continue;
      const what =
        kept.length === 0
          ? `${name} does not route ${prefix} of ${remote.peer.name}: it lies inside ${name}'s own subnet ${own.join(', ')}`
          : `${name} routes ${prefix} of ${remote.peer.name} only as ${kept.join(', ')}: the rest is ${name}'s own subnet ${own.join(', ')}`;
      issues.push({
        code: 'ROUTE.OWN_SUBNET_EXCLUDED',
        peerId: viewer.peer.id,
        remotePeerId: remote.peer.id,
        prefix,
        message: `${what}, which stays on ${name}'s LAN. For ${name} to reach it, have ${remote.peer.name} route it under a NAT translation, or renumber one of the two networks.`,
      });
    }
  }
  return issues;
}
