import { detectConflicts, type RoutingConflict } from '../conflicts';
import type { LocalSubnet, PeerConnection, TopologySnapshot, TopologyType } from '../model/wan.model';
import { assignNatTranslation } from '../nat';
import { formatCidr, parseCidr, prefixesOverlap } from '../net/ipv4';
import { subtractPrefixesAsCidrs } from '../net/prefix-math';
import { syntheticId, syntheticWan } from './wan-builder';

/** An integer in [0, n). */
export type Random = (n: number) => number;

/** mulberry32: a seeded generator, so a failing WAN can be rebuilt from its seed alone. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 2 ** 32) * n);
  };
}

/** How the generator resolved the LAN overlaps of one WAN, for checking that runs cover every path. */
export type ResolutionKind = 'nat-translate' | 'isolate' | 'selective-routing' | 'nat-pending' | 'late-lan-on-translation';

export interface RandomWan {
  readonly snapshot: TopologySnapshot;
  readonly resolutions: readonly ResolutionKind[];
}

/**
 * Where random LANs come from: small blocks, so they often overlap (equal, nested), and clear
 * of the WAN's own ranges (10.0.0.0/24 and 10.0.5.0/24), whose overlaps are critical conflicts
 * only renumbering fixes. 172.16.0.0/22 sits where NAT translations are handed out first.
 */
const LAN_SPACES = [
  { base: parseCidr('192.168.0.0/20'), lengths: [20, 21, 22, 23, 24, 24, 24, 25, 26] },
  { base: parseCidr('172.16.0.0/22'), lengths: [22, 23, 24, 24, 25] },
  { base: parseCidr('10.128.0.0/22'), lengths: [23, 24, 24] },
];

const pick = <T>(random: Random, items: readonly T[]): T => items[random(items.length)]!;

function randomLan(random: Random): string {
  const space = pick(random, LAN_SPACES);
  const length = pick(random, space.lengths);
  const slots = 2 ** (length - space.base.length);
  return formatCidr({ base: space.base.base + random(slots) * 2 ** (32 - length), length });
}

/** Everything a new translation must avoid, as the control plane gathers it. */
function inUse(snapshot: TopologySnapshot, subnets: readonly LocalSubnet[]): string[] {
  return [
    snapshot.wan.tunnelIpRange,
    snapshot.wan.sharedServicesRange,
    ...subnets.flatMap((s) => (s.natTranslatedCidr === null ? [s.cidr] : [s.cidr, s.natTranslatedCidr])),
  ];
}

/**
 * A WAN of the given topology whose sites have random, often overlapping LANs, with every
 * ambiguous route then resolved as an operator would with the console (NAT translation from
 * the domain's allocator, isolation, or selective routing of the parts that don't overlap).
 * What resolution leaves behind on purpose is kept: LANs shadowed by another site's route,
 * a translation that a LAN added later lands on, a NAT request not yet translated.
 */
export function randomResolvedWan(random: Random, topology: TopologyType): RandomWan {
  const peerCount = 4 + random(13);
  const base = syntheticWan({
    topology,
    peers: peerCount,
    hubs: topology === 'mesh' ? random(3) : 1 + random(2),
    serviceEvery: random(2) === 0 ? 0 : 2 + random(3),
    natEvery: random(3) === 0 ? 0 : 2 + random(4),
  });
  const peers = base.peers.map((peer, i) => (i > 0 && random(12) === 0 ? { ...peer, publicKey: null } : peer));
  const resolutions: ResolutionKind[] = [];
  let subnets: LocalSubnet[] = [];
  let nextId = 0;
  const newSubnet = (peerId: string, cidr: string, extra: Partial<LocalSubnet> = {}): LocalSubnet => ({
    id: syntheticId(4, nextId++),
    peerId,
    cidr,
    isRouted: random(6) !== 0,
    natEnabled: false,
    natTranslatedCidr: null,
    ...extra,
  });
  for (const peer of peers) {
    // A device's own LANs never overlap each other, so draw until they don't (or give up).
    const own: string[] = [];
    for (let wanted = random(3), tries = 0; own.length < wanted && tries < 10; tries++) {
      const cidr = randomLan(random);
      if (!own.some((o) => prefixesOverlap(parseCidr(o), parseCidr(cidr)))) own.push(cidr);
    }
    subnets.push(...own.map((cidr) => newSubnet(peer.id, cidr)));
  }
  const snapshot: TopologySnapshot = { ...base, peers, subnets: [], connections: randomConnections(random, base.peers.map((p) => p.id), topology) };

  subnets = resolveAmbiguity(random, snapshot, subnets, resolutions);
  // A LAN added after the resolutions, landing on a translation handed out then.
  const translations = subnets.filter((s) => s.natEnabled && s.natTranslatedCidr !== null);
  if (translations.length > 0 && random(2) === 0) {
    const target = parseCidr(pick(random, translations).natTranslatedCidr!);
    const length = Math.max(16, Math.min(30, target.length + random(3) - 1));
    const lan = formatCidr({ base: (target.base & ~(2 ** (32 - length) - 1)) >>> 0, length });
    subnets.push(newSubnet(pick(random, peers).id, lan, { isRouted: random(3) === 0 }));
    resolutions.push('late-lan-on-translation');
    subnets = resolveAmbiguity(random, snapshot, subnets, resolutions);
  }
  // NAT asked for but not assigned yet: the compiler routes nothing for it.
  if (subnets.length > 0 && random(5) === 0) {
    const at = random(subnets.length);
    if (!subnets[at]!.natEnabled) {
      subnets[at] = { ...subnets[at]!, natEnabled: true, natTranslatedCidr: null };
      resolutions.push('nat-pending');
    }
  }
  return { snapshot: { ...snapshot, subnets }, resolutions };
}

function randomConnections(random: Random, ids: readonly string[], topology: TopologyType): PeerConnection[] {
  if (topology !== 'hybrid') return [];
  return Array.from({ length: random(5) }, () => ({ peerAId: pick(random, ids), peerBId: pick(random, ids), isActive: random(5) !== 0 }));
}

/** Resolves ambiguous routes one at a time, re-detecting after each, until none is left. */
function resolveAmbiguity(random: Random, snapshot: TopologySnapshot, start: LocalSubnet[], resolutions: ResolutionKind[]): LocalSubnet[] {
  let subnets = start;
  for (let round = 0; ; round++) {
    if (round > 500) throw new Error('random WAN: ambiguity did not resolve in 500 rounds');
    const conflicts = detectConflicts({ tunnelIpRange: snapshot.wan.tunnelIpRange, sharedServicesRange: snapshot.wan.sharedServicesRange, subnets });
    const ambiguous = conflicts.filter((c): c is RoutingConflict => c.severity === 'routing' && c.kinds.includes('ambiguous-route'));
    if (ambiguous.length === 0) return subnets;
    const conflict = pick(random, ambiguous);
    const party = random(2) === 0 ? conflict.a : conflict.b;
    const at = subnets.findIndex((s) => s.id === party.subnetId);
    const subnet = subnets[at]!;
    const others = subnets.filter((s) => s !== subnet);
    const choice = random(4);
    if (choice <= 1) {
      const translation = assignNatTranslation(subnet.cidr, [...inUse(snapshot, others), subnet.cidr]);
      subnets = [...others.slice(0, at), { ...subnet, isRouted: true, natEnabled: true, natTranslatedCidr: translation }, ...others.slice(at)];
      resolutions.push('nat-translate');
    } else if (choice === 2 || subnet.natEnabled) {
      subnets = [...others.slice(0, at), { ...subnet, isRouted: false }, ...others.slice(at)];
      resolutions.push('isolate');
    } else {
      // As the console does: the LAN stays on record unrouted, each routed part is a subnet of its own.
      const parts = subtractPrefixesAsCidrs(parseCidr(subnet.cidr), [parseCidr(conflict.overlap)]);
      const routedParts = parts.map((cidr, i) => ({ ...subnet, id: `${subnet.id}-part-${round}-${i}`, cidr, isRouted: true }));
      subnets = [...others.slice(0, at), { ...subnet, isRouted: false }, ...routedParts, ...others.slice(at)];
      resolutions.push('selective-routing');
    }
  }
}
