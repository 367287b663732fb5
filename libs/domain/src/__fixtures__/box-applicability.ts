import type { CompileResult, DesiredState } from '../model/desired-state.model';
import type { TopologySnapshot } from '../model/wan.model';
import { containsAddress, parseCidr, parseIpv4, prefixContains, prefixesOverlap, type Ipv4Prefix } from '../net/ipv4';
import { subtractPrefixesAsCidrs } from '../net/prefix-math';

/**
 * Why one peer's desired state could not be applied on a Linux box or a router as it is,
 * one line per problem; empty when it can. Written from the definitions, as plainly as
 * possible, independently of how the compiler gets there:
 *
 * - `ip route add` refuses a route listed twice, or one equal to a connected LAN ("File
 *   exists"); a route inside or around the LAN takes LAN traffic into the tunnel or hides
 *   part of the remote. So no route and no allowed IP may overlap one of the peer's own
 *   subnets (real LANs, routed or not, and the translations it routes them as).
 * - RouterOS refuses two peers of one interface with overlapping allowed addresses.
 * - A route nobody's allowed IPs carry is a black hole, unless the compiler said why.
 * - Whatever a reachable remote routes, the peer routes all of it except its own subnets,
 *   and says so in a `ROUTE.OWN_SUBNET_EXCLUDED` issue whenever it leaves something out.
 */
export function applicabilityProblems(snapshot: TopologySnapshot, result: CompileResult, state: DesiredState): string[] {
  const problems: string[] = [];
  const me = state.peerId;
  const p = (cidr: string) => parseCidr(cidr);
  const own = ownPrefixes(snapshot, me);
  const issuesOf = (code: string, peerId: string | null) => result.issues.filter((i) => i.code === code && i.peerId === peerId);
  const unreachableReported = issuesOf('PEER.UNREACHABLE', me).length > 0;
  const keyless = new Set(snapshot.peers.filter((peer) => !peer.publicKey).map((peer) => peer.id));
  const tunnelHost = `${state.interface.tunnelIp}/32`;
  const allowed = state.peers.flatMap((entry) => entry.allowedIps.map((cidr) => ({ entry, cidr, prefix: p(cidr) })));
  const carriers = (prefix: Ipv4Prefix) => new Set(allowed.filter((a) => prefixContains(a.prefix, prefix)).map((a) => a.entry));
  const wanRanges = [state.interface.tunnelRange, snapshot.wan.sharedServicesRange];

  const seen = new Set<string>();
  for (const route of state.routes) {
    if (seen.has(route)) problems.push(`route ${route} is listed twice`);
    seen.add(route);
    if (route === tunnelHost) problems.push(`route ${route} is its own tunnel address`);
    for (const o of own) if (prefixesOverlap(p(route), o.prefix)) problems.push(`route ${route} overlaps its own subnet ${o.cidr}`);
  }
  for (const { entry, cidr, prefix } of allowed) {
    for (const o of own) if (prefixesOverlap(prefix, o.prefix)) problems.push(`${entry.name} allows ${cidr}, which overlaps its own subnet ${o.cidr}`);
  }
  for (const entry of state.peers) {
    if (new Set(entry.allowedIps).size !== entry.allowedIps.length) problems.push(`${entry.name} lists an allowed IP twice`);
  }
  for (let i = 0; i < allowed.length; i++) {
    for (let j = i + 1; j < allowed.length; j++) {
      const [a, b] = [allowed[i]!, allowed[j]!];
      if (a.entry !== b.entry && prefixesOverlap(a.prefix, b.prefix)) problems.push(`${a.entry.name} ${a.cidr} overlaps ${b.entry.name} ${b.cidr}`);
    }
  }

  // Every route reaches exactly one WireGuard peer. The WAN's own ranges are carried piecewise
  // in a mesh (one /32 per remote), so for them each remote address counts instead.
  const remoteAddresses = [
    ...snapshot.peers.filter((peer) => peer.id !== me && peer.publicKey).map((peer) => peer.tunnelIp),
    ...snapshot.services.filter((s) => s.isActive && s.peerId !== me && !keyless.has(s.peerId)).map((s) => s.sharedIp),
  ];
  for (const route of state.routes) {
    if (wanRanges.includes(route)) {
      for (const address of remoteAddresses.filter((a) => containsAddress(p(route), parseIpv4(a)))) {
        const count = new Set(allowed.filter((a) => containsAddress(a.prefix, parseIpv4(address))).map((a) => a.entry)).size;
        if (count !== 1 && !(count === 0 && unreachableReported)) problems.push(`${address} in route ${route} is carried by ${count} peers`);
      }
      continue;
    }
    const count = carriers(p(route)).size;
    const ownersKeyless = routedPrefixes(snapshot).some((r) => r.peerId !== me && keyless.has(r.peerId) && prefixesOverlap(r.prefix, p(route)));
    if (count !== 1 && !(count === 0 && (unreachableReported || ownersKeyless))) problems.push(`route ${route} is carried by ${count} peers`);
  }

  // Nothing a reachable remote routes is lost, beyond the peer's own subnets, and a loss is said.
  if (!unreachableReported) {
    for (const remote of routedPrefixes(snapshot).filter((r) => r.peerId !== me && !keyless.has(r.peerId))) {
      const kept = subtractPrefixesAsCidrs(remote.prefix, own.map((o) => o.prefix));
      for (const part of kept) {
        if (!state.routes.some((route) => prefixContains(p(route), p(part)))) problems.push(`${part} of ${remote.cidr} is not routed`);
        if (carriers(p(part)).size !== 1) problems.push(`${part} of ${remote.cidr} is carried by ${carriers(p(part)).size} peers`);
      }
      const reported = result.issues.some((i) => i.code === 'ROUTE.OWN_SUBNET_EXCLUDED' && i.peerId === me && i.remotePeerId === remote.peerId && i.prefix === remote.cidr);
      const cut = kept.length !== 1 || kept[0] !== remote.cidr;
      if (cut !== reported) problems.push(`${remote.cidr} of ${remote.peerId} is ${cut ? 'cut without' : 'whole but has'} a ROUTE.OWN_SUBNET_EXCLUDED issue`);
    }
  }
  return problems.map((problem) => `${state.peerName}: ${problem}`);
}

interface OwnPrefix {
  readonly cidr: string;
  readonly prefix: Ipv4Prefix;
}

/** The peer's LANs, routed or not, and the translations it routes them as. */
export function ownPrefixes(snapshot: TopologySnapshot, peerId: string): OwnPrefix[] {
  return snapshot.subnets
    .filter((s) => s.peerId === peerId)
    .flatMap((s) => [s.cidr, ...(s.isRouted && s.natEnabled && s.natTranslatedCidr ? [s.natTranslatedCidr] : [])])
    .map((cidr) => ({ cidr, prefix: parseCidr(cidr) }));
}

/** What each peer routes into the WAN: its translation when NAT is on and assigned, else its LAN. */
export function routedPrefixes(snapshot: TopologySnapshot): { peerId: string; cidr: string; prefix: Ipv4Prefix }[] {
  const routed = snapshot.subnets
    .filter((s) => s.isRouted && (!s.natEnabled || s.natTranslatedCidr))
    .map((s) => ({ peerId: s.peerId, cidr: s.natEnabled ? s.natTranslatedCidr! : s.cidr }));
  const unique = new Map(routed.map((r) => [`${r.peerId} ${r.cidr}`, r]));
  return [...unique.values()].map((r) => ({ ...r, prefix: parseCidr(r.cidr) }));
}
