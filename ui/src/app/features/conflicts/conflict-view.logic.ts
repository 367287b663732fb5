import { assignNatTranslation, formatIpv4, lastAddress, parseCidr, type ConflictResolution } from '@wom/domain';
import type { Conflict, ConflictParty, Peer, Wan } from '../../core/api.models';

export interface OverlapBar {
  readonly label: string;
  readonly cidr: string;
  readonly range: string;
  /** Left edge and width as percentages of the span both parties cover. */
  readonly left: number;
  readonly width: number;
}

/**
 * Two overlapping prefixes drawn on one address line: each party's bar and the shared part,
 * positioned within the union of both.
 *
 * Example: 192.168.1.0/24 and 192.168.1.0/25 → the /24 spans 0–100 %, the /25 and the overlap 0–50 %.
 */
export function overlapBars(conflict: Pick<Conflict, 'parties' | 'overlap'>): { parties: OverlapBar[]; overlap: OverlapBar } | null {
  try {
    const spans = conflict.parties.map((p) => ({ party: p, ...span(p.routedAs ?? p.cidr) }));
    const shared = span(conflict.overlap);
    const start = Math.min(...spans.map((s) => s.first), shared.first);
    const end = Math.max(...spans.map((s) => s.last), shared.last);
    const total = end - start + 1;
    const bar = (label: string, cidr: string, first: number, last: number): OverlapBar => ({
      label, cidr, range: `${formatIpv4(first)} – ${formatIpv4(last)}`, left: round(((first - start) / total) * 100), width: Math.max(0.5, round(((last - first + 1) / total) * 100)),
    });
    return {
      parties: spans.map((s) => bar(partyLabel(s.party), s.party.routedAs ?? s.party.cidr, s.first, s.last)),
      overlap: bar('overlap', conflict.overlap, shared.first, shared.last),
    };
  } catch {
    return null;
  }
}

export function partyLabel(party: ConflictParty): string {
  if (party.kind === 'subnet') return `${party.peerName ?? 'peer'} ${party.cidr}`;
  return party.kind === 'tunnel-range' ? `WAN tunnel range ${party.cidr}` : `WAN shared-services range ${party.cidr}`;
}

function span(cidr: string): { first: number; last: number } {
  const prefix = parseCidr(cidr);
  return { first: prefix.base, last: lastAddress(prefix) };
}

const round = (value: number) => Math.round(value * 10) / 10;

/** What each of the four resolutions does, for the wizard. */
export const RESOLUTION_TEXT: Record<ConflictResolution, { title: string; effect: string }> = {
  'nat-translate': { title: 'Translate with NAT (1:1)', effect: 'The LAN keeps its addresses; the WAN reaches it under a free translated range. Routers rewrite addresses both ways.' },
  isolate: { title: 'Isolate', effect: 'Stop routing this LAN into the WAN. Its devices keep working locally but are unreachable from other sites.' },
  'change-network': { title: 'Change the network', effect: 'Renumber this LAN to a new range you choose. You must change DHCP and static addresses on site.' },
  'selective-routing': { title: 'Route selectively', effect: 'Route only the parts of the LAN that must be reached, leaving out the overlapping part.' },
};

/**
 * The NAT translation the control plane would pick for a party, computed with the domain's
 * allocator over everything in use, so the wizard can show "192.168.1.10 → 172.16.1.10" first.
 */
export function natPreview(party: ConflictParty, wan: Pick<Wan, 'tunnelIpRange' | 'sharedServicesRange'>, peers: readonly Peer[]): { translated: string; example: string } | null {
  if (party.kind !== 'subnet') return null;
  try {
    const inUse = [wan.tunnelIpRange, wan.sharedServicesRange, ...peers.flatMap((p) => p.subnets.flatMap((s) => (s.natTranslatedCidr ? [s.cidr, s.natTranslatedCidr] : [s.cidr])))];
    const translated = assignNatTranslation(party.cidr, inUse);
    const from = parseCidr(party.cidr);
    const to = parseCidr(translated);
    const host = from.length >= 31 ? 0 : 10 % 2 ** (32 - from.length);
    return { translated, example: `${formatIpv4(from.base + host)} is reached as ${formatIpv4(to.base + host)}` };
  } catch {
    return null;
  }
}

/** The subnet party the wizard changes by default: the newer side, as the API does. */
export function defaultSide(conflict: Pick<Conflict, 'parties'>): ConflictParty | null {
  const subnets = conflict.parties.filter((p) => p.kind === 'subnet');
  return subnets[subnets.length - 1] ?? null;
}
