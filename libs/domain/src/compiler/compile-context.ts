import type { CompileIssue, Endpoint, NetmapRule, ServiceNatRule } from '../model/desired-state.model';
import type { LocalSubnet, Peer, PublishedService, TopologySnapshot } from '../model/wan.model';
import { comparePrefixes, formatCidr, hostCidr, parseCidr, parseIpv4, type Ipv4Prefix } from '../net/ipv4';
import { parseEndpoint } from '../validation';
import { addInto, DIGEST_TAG, hashParts, hashText, tagged, TextDigestCache, type Digest } from './digest';
import { digestedList, positionsOf, type DigestedList } from './digested-list';

/** What the compiler knows about one peer, computed once per compilation. */
export interface PeerFacts {
  readonly peer: Peer;
  /** Tunnel address as an unsigned integer, for ordering. */
  readonly address: number;
  readonly endpoint: Endpoint | null;
  readonly isHub: boolean;
  /** The prefixes the WAN reaches this peer's routed subnets at (translations where NAT is on). */
  readonly routed: readonly string[];
  readonly sharedIps: readonly string[];
  /** What other peers allow for this one: its tunnel /32, shared IPs, then routed prefixes. */
  readonly identity: DigestedList;
  /** Digest of the fields every other peer's entry for this one repeats (not allowed IPs). */
  readonly fieldsDigest: Digest;
  /** The identity's digest, pre-tagged as an entry's allowed IPs. */
  readonly identityTagged: Digest;
}

export interface CompileContext {
  readonly snapshot: TopologySnapshot;
  readonly tunnelRange: string;
  readonly sharedRange: string;
  /** Peers in tunnel-address order. */
  readonly peers: readonly PeerFacts[];
  readonly byId: ReadonlyMap<string, PeerFacts>;
  /** The hub spokes attach to in hub-spoke and hybrid WANs: the first hub by tunnel address. */
  readonly primaryHub: PeerFacts | null;
  /** Hubs that can relay between two peers behind NAT in a mesh. */
  readonly relayHubs: readonly PeerFacts[];
  /** Every prefix some peer routes, distinct, in address order (containing prefix first). */
  readonly routedPrefixes: readonly string[];
  /** `routedPrefixes` parsed, index for index. */
  readonly routedParsed: readonly Ipv4Prefix[];
  /** Prefixes more than one peer routes (ambiguous routes); usually none. */
  readonly routedByMany: ReadonlySet<string>;
  /** Bit n is set when some routed prefix is a /n (n < 32): lengths worth looking up. */
  readonly routedLengths: number;
  /** Tunnel range, shared range and every routed prefix: what the WAN as a whole routes. */
  readonly everything: DigestedList;
  readonly everythingPositions: ReadonlyMap<string, number>;
  readonly explicitLinks: ReadonlyMap<string, ReadonlySet<string>>;
  readonly subnetsByPeer: ReadonlyMap<string, readonly LocalSubnet[]>;
  readonly servicesByPeer: ReadonlyMap<string, readonly PublishedService[]>;
  readonly cache: TextDigestCache;
  /** WAN-wide issues found while gathering facts. */
  readonly issues: readonly CompileIssue[];
}

function groupByPeer<T extends { readonly peerId: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.peerId);
    if (group) group.push(item);
    else groups.set(item.peerId, [item]);
  }
  return groups;
}

/** Distinct CIDRs in address order, each with its parsed prefix (parsed once, not per comparison). */
function sortedUniqueParsed(items: readonly string[]): { cidr: string; prefix: Ipv4Prefix }[] {
  return [...new Set(items)].map((cidr) => ({ cidr, prefix: parseCidr(cidr) })).sort((a, b) => comparePrefixes(a.prefix, b.prefix));
}

/** The items that occur more than once. */
function repeated(items: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const again = new Set<string>();
  for (const item of items) (seen.has(item) ? again : seen).add(item);
  return again;
}

/** Distinct CIDRs in address order. */
function sortedUnique(items: readonly string[]): readonly string[] {
  if (items.length < 2) return items;
  return sortedUniqueParsed(items).map(({ cidr }) => cidr);
}

function serviceRule(service: PublishedService): ServiceNatRule {
  return {
    serviceId: service.id,
    name: service.name,
    protocols: service.protocol === 'both' ? ['tcp', 'udp'] : [service.protocol],
    sharedIp: service.sharedIp,
    sharedPort: service.sharedPort,
    localIp: service.localIp,
    localPort: service.localPort,
  };
}

/**
 * What every other peer needs to list this one. It runs for every peer of a snapshot, so it
 * avoids intermediate arrays (most peers have one subnet or none) and leaves what only the
 * peer itself needs to {@link ownFacts}.
 */
function gatherPeer(
  peer: Peer,
  subnets: readonly LocalSubnet[],
  services: readonly PublishedService[],
  cache: TextDigestCache,
  issues: CompileIssue[],
): PeerFacts {
  const routed: string[] = [];
  for (const subnet of subnets) {
    if (!subnet.isRouted) continue;
    if (!subnet.natEnabled) routed.push(subnet.cidr);
    else if (subnet.natTranslatedCidr) routed.push(subnet.natTranslatedCidr);
    else {
      issues.push({
        code: 'SUBNET.NAT_PENDING',
        peerId: peer.id,
        message: `${subnet.cidr} on ${peer.name} has NAT enabled but no translation yet, so it is not routed.`,
      });
    }
  }
  const shared: string[] = [];
  for (const service of services) if (service.isActive) shared.push(hostCidr(service.sharedIp));
  const sortedRouted = sortedUnique(routed);
  const sharedIps = sortedUnique(shared);
  // The tunnel /32 is unique to this peer, so it is hashed directly rather than cached.
  const tunnelHost = hostCidr(peer.tunnelIp);
  const identityItems = [tunnelHost, ...sharedIps, ...sortedRouted];
  const identityDigest = hashText(tunnelHost);
  for (let i = 1; i < identityItems.length; i++) addInto(identityDigest, cache.of(identityItems[i]!));
  return {
    peer,
    address: parseIpv4(peer.tunnelIp, 'tunnelIp'),
    endpoint: peer.endpoint ? parseEndpoint(peer.endpoint, 'endpoint') : null,
    isHub: peer.type === 'hub',
    routed: sortedRouted,
    sharedIps,
    identity: { items: identityItems, digest: identityDigest },
    fieldsDigest: tagged(hashParts(peer.id, peer.name, peer.publicKey, peer.endpoint), DIGEST_TAG.entryFields),
    identityTagged: tagged(identityDigest, DIGEST_TAG.allowedIps),
  };
}

/** What only the peer itself needs: its forward destinations, port forwards and NETMAP rules. */
export function ownFacts(
  ctx: CompileContext,
  facts: PeerFacts,
): { localDestinations: readonly string[]; serviceNat: ServiceNatRule[]; netmap: NetmapRule[] } {
  const local: string[] = [];
  const netmap: NetmapRule[] = [];
  for (const subnet of ctx.subnetsByPeer.get(facts.peer.id) ?? []) {
    if (!subnet.isRouted || (subnet.natEnabled && !subnet.natTranslatedCidr)) continue;
    local.push(subnet.cidr);
    if (subnet.natEnabled) netmap.push({ subnetId: subnet.id, realCidr: subnet.cidr, translatedCidr: subnet.natTranslatedCidr! });
  }
  const services = (ctx.servicesByPeer.get(facts.peer.id) ?? []).filter((service) => service.isActive);
  for (const service of services) local.push(hostCidr(service.localIp));
  // In address order, so the order subnets were gathered in never changes the state or its hash.
  if (netmap.length > 1) {
    netmap.sort((a, b) => comparePrefixes(parseCidr(a.realCidr), parseCidr(b.realCidr)) || comparePrefixes(parseCidr(a.translatedCidr), parseCidr(b.translatedCidr)));
  }
  return { localDestinations: sortedUnique(local), serviceNat: services.map(serviceRule), netmap };
}

function explicitLinksOf(snapshot: TopologySnapshot): Map<string, Set<string>> {
  const links = new Map<string, Set<string>>();
  const link = (from: string, to: string) => {
    const set = links.get(from) ?? new Set<string>();
    set.add(to);
    links.set(from, set);
  };
  for (const connection of snapshot.connections) {
    if (!connection.isActive || connection.peerAId === connection.peerBId) continue;
    link(connection.peerAId, connection.peerBId);
    link(connection.peerBId, connection.peerAId);
  }
  return links;
}

/** Gathers everything compilation needs in O(peers + subnets + services). */
export function buildCompileContext(snapshot: TopologySnapshot): CompileContext {
  const cache = new TextDigestCache();
  const issues: CompileIssue[] = [];
  const subnetsByPeer = groupByPeer(snapshot.subnets);
  const servicesByPeer = groupByPeer(snapshot.services);
  const peers = snapshot.peers
    .map((peer) => gatherPeer(peer, subnetsByPeer.get(peer.id) ?? [], servicesByPeer.get(peer.id) ?? [], cache, issues))
    .sort((a, b) => a.address - b.address);
  for (const facts of peers) {
    if (!facts.peer.publicKey) {
      issues.push({
        code: 'PEER.NO_PUBLIC_KEY',
        peerId: facts.peer.id,
        message: `${facts.peer.name} has no public key yet, so no other peer can list it; enroll its agent or set a key.`,
      });
    }
  }
  const hubs = peers.filter((facts) => facts.isHub && facts.peer.publicKey);
  const primaryHub = hubs[0] ?? null;
  if (!primaryHub && snapshot.wan.topologyType !== 'mesh') {
    issues.push({
      code: 'TOPOLOGY.NO_HUB',
      peerId: null,
      message: `The ${snapshot.wan.topologyType} WAN "${snapshot.wan.name}" has no hub with a public key; add a hub peer.`,
    });
  }
  const tunnelRange = formatCidr(parseCidr(snapshot.wan.tunnelIpRange, 'tunnelIpRange'));
  const sharedRange = formatCidr(parseCidr(snapshot.wan.sharedServicesRange, 'sharedServicesRange'));
  const routedByPeers = peers.flatMap((facts) => facts.routed);
  const routed = sortedUniqueParsed(routedByPeers);
  const allRouted = routed.map(({ cidr }) => cidr);
  const everything = digestedList([tunnelRange, sharedRange, ...allRouted], cache);
  return {
    snapshot,
    tunnelRange,
    sharedRange,
    peers,
    byId: new Map(peers.map((facts) => [facts.peer.id, facts])),
    primaryHub,
    relayHubs: hubs.filter((facts) => facts.endpoint),
    routedPrefixes: allRouted,
    routedParsed: routed.map(({ prefix }) => prefix),
    routedByMany: routedByPeers.length === allRouted.length ? new Set() : repeated(routedByPeers),
    routedLengths: routed.reduce((bits, { prefix }) => (prefix.length < 32 ? bits | (1 << prefix.length) : bits), 0),
    everything,
    everythingPositions: positionsOf(everything),
    explicitLinks: explicitLinksOf(snapshot),
    subnetsByPeer,
    servicesByPeer,
    cache,
    issues,
  };
}
