import type { LocalSubnet } from '../model/wan.model';
import { formatCidr, parseCidr, prefixIntersection, type Ipv4Prefix } from '../net/ipv4';
import { criticalMessage, criticalResolutions, ROUTING_RESOLUTIONS, routingMessage } from './conflict.messages';
import type {
  ConflictInput,
  ConflictOptions,
  CriticalConflict,
  RoutingConflict,
  ShadowedLan,
  SubnetConflict,
  SubnetParty,
  WanRangeParty,
} from './conflict.model';
import { forEachRouteOverlap, type Span } from './route-overlap-sweep.util';

interface ParsedSubnet {
  readonly party: SubnetParty;
  readonly lan: Ipv4Prefix;
  /** What the WAN routes for the subnet; null when it isn't routed. */
  readonly route: Ipv4Prefix | null;
  /** True when `route` is a NAT translation rather than the LAN itself. */
  readonly translated: boolean;
}

/** What one unordered pair of subnets has been found to do to each other so far. */
interface PairFindings {
  readonly low: number;
  readonly high: number;
  ambiguous: Ipv4Prefix | null;
  readonly shadows: { owner: number; overlap: Ipv4Prefix }[];
}

/**
 * Finds every subnet conflict of a WAN (spec §4.4.1, §9.2), ordered critical first, then by id.
 *
 * - critical: a subnet's LAN, or the NAT translation it is routed as, overlaps the tunnel
 *   range or the shared-services range.
 * - routing, between subnets of different peers: `ambiguous-route` when both are routed and
 *   their WAN prefixes overlap; `shadowed-route` when one's LAN overlaps the other's routed
 *   prefix. A WAN prefix is the NAT translation when NAT is on and one is assigned, else the
 *   LAN (NAT that is on but not yet assigned routes nothing, as in the compiler). Subnets of one peer never
 *   conflict with each other: the peer's own device sorts them out.
 *
 * Cost: O(n log n + conflicts), so a 10,000-subnet WAN is fine (see forEachRouteOverlap).
 * Invalid CIDRs throw validation errors naming `subnets[i].cidr` and the like.
 *
 * Example: peers A and B both routing 192.168.1.0/24 give one routing conflict with id
 * `routing:<smaller subnet id>:<other id>` and kinds `['ambiguous-route', 'shadowed-route']`;
 * give B the translation 172.16.0.0/24 and only A's route still shadows B's LAN.
 */
export function detectConflicts(input: ConflictInput, options: ConflictOptions = {}): SubnetConflict[] {
  const ranges: [WanRangeParty, Ipv4Prefix][] = [
    [{ kind: 'tunnel-range', cidr: input.tunnelIpRange }, parseCidr(input.tunnelIpRange, 'tunnelIpRange')],
    [{ kind: 'shared-services-range', cidr: input.sharedServicesRange }, parseCidr(input.sharedServicesRange, 'sharedServicesRange')],
  ];
  const subnets = input.subnets.map((subnet, index) => parseSubnet(subnet, index, input.peerNames));
  const conflicts: SubnetConflict[] = [...criticalConflicts(subnets, ranges), ...routingConflicts(subnets)];
  const { peerId } = options;
  const relevant =
    peerId === undefined ? conflicts : conflicts.filter((c) => c.a.peerId === peerId || (c.b.kind === 'subnet' && c.b.peerId === peerId));
  return relevant.sort(bySeverityThenId);
}

function parseSubnet(subnet: LocalSubnet, index: number, peerNames: ReadonlyMap<string, string> | undefined): ParsedSubnet {
  const lan = parseCidr(subnet.cidr, `subnets[${index}].cidr`);
  const translation =
    subnet.natEnabled && subnet.natTranslatedCidr !== null ? parseCidr(subnet.natTranslatedCidr, `subnets[${index}].natTranslatedCidr`) : null;
  // NAT switched on but not yet assigned: the compiler announces nothing for it, and neither
  // may conflict detection, or the two would disagree about what the WAN routes.
  const natPending = subnet.natEnabled && translation === null;
  const route = subnet.isRouted && !natPending ? (translation ?? lan) : null;
  return {
    party: {
      kind: 'subnet',
      peerId: subnet.peerId,
      peerName: peerNames?.get(subnet.peerId) ?? subnet.peerId,
      subnetId: subnet.id,
      cidr: formatCidr(lan),
      routedAs: route === null ? null : formatCidr(route),
    },
    lan,
    route,
    translated: route !== null && translation !== null,
  };
}

function criticalConflicts(subnets: readonly ParsedSubnet[], ranges: readonly [WanRangeParty, Ipv4Prefix][]): CriticalConflict[] {
  const out: CriticalConflict[] = [];
  const check = (subnet: ParsedSubnet, prefix: Ipv4Prefix, via: CriticalConflict['via']): void => {
    for (const [party, range] of ranges) {
      const overlap = prefixIntersection(prefix, range);
      if (overlap === null) continue;
      const overlapCidr = formatCidr(overlap);
      out.push({
        id: `critical:${subnet.party.subnetId}:${party.kind}:${via}`,
        severity: 'critical',
        a: subnet.party,
        b: party,
        via,
        overlap: overlapCidr,
        message: criticalMessage(subnet.party, party, via, overlapCidr),
        resolutions: criticalResolutions(via),
      });
    }
  };
  for (const subnet of subnets) {
    check(subnet, subnet.lan, 'cidr');
    // An untranslated route is the LAN itself, already checked above.
    if (subnet.translated && subnet.route !== null) check(subnet, subnet.route, 'nat-translation');
  }
  return out;
}

function routingConflicts(subnets: readonly ParsedSubnet[]): RoutingConflict[] {
  const spans: Span[] = [];
  subnets.forEach((subnet, owner) => {
    spans.push({ prefix: subnet.lan, owner, route: false });
    if (subnet.route !== null) spans.push({ prefix: subnet.route, owner, route: true });
  });
  const pairs = new Map<number, PairFindings>();
  forEachRouteOverlap(spans, (earlier, later) => {
    if (subnets[earlier.owner]!.party.peerId === subnets[later.owner]!.party.peerId) return;
    const low = Math.min(earlier.owner, later.owner);
    const high = Math.max(earlier.owner, later.owner);
    const key = low * subnets.length + high;
    let findings = pairs.get(key);
    if (!findings) {
      findings = { low, high, ambiguous: null, shadows: [] };
      pairs.set(key, findings);
    }
    // The sweep only reports overlapping spans, so the intersection always exists.
    const overlap = prefixIntersection(earlier.prefix, later.prefix)!;
    if (earlier.route && later.route) findings.ambiguous = overlap;
    else findings.shadows.push({ owner: earlier.route ? later.owner : earlier.owner, overlap });
  });
  return [...pairs.values()].map((findings) => toRoutingConflict(findings, subnets));
}

function toRoutingConflict(findings: PairFindings, subnets: readonly ParsedSubnet[]): RoutingConflict {
  const [a, b] = [subnets[findings.low]!.party, subnets[findings.high]!.party].sort((x, y) => compareText(x.subnetId, y.subnetId)) as [
    SubnetParty,
    SubnetParty,
  ];
  const shadowed: ShadowedLan[] = findings.shadows
    .map(({ owner, overlap }) => ({ subnetId: subnets[owner]!.party.subnetId, overlap: formatCidr(overlap) }))
    .sort((x, y) => compareText(x.subnetId, y.subnetId));
  const ambiguous = findings.ambiguous === null ? null : formatCidr(findings.ambiguous);
  return {
    id: `routing:${a.subnetId}:${b.subnetId}`,
    severity: 'routing',
    kinds: [...(ambiguous === null ? [] : (['ambiguous-route'] as const)), ...(shadowed.length > 0 ? (['shadowed-route'] as const) : [])],
    a,
    b,
    overlap: ambiguous ?? shadowed[0]!.overlap,
    shadowed,
    message: routingMessage(a, b, ambiguous, shadowed),
    resolutions: ROUTING_RESOLUTIONS,
  };
}

/** Code-unit order, so ids sort the same under every locale. */
function compareText(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

function bySeverityThenId(x: SubnetConflict, y: SubnetConflict): number {
  if (x.severity !== y.severity) return x.severity === 'critical' ? -1 : 1;
  return compareText(x.id, y.id);
}
