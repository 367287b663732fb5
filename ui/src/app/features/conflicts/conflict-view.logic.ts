import type { ResolutionPreviewResponse } from '@wom/contracts';
import { formatIpv4, lastAddress, parseCidr, type ConflictResolution } from '@wom/domain';
import type { Conflict, ConflictParty } from '../../core/api.models';
import type { ChangePreview } from '../../shared/change-preview.logic';

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

/** What the operator picked in the wizard; nothing is picked until they do. */
export interface ResolutionChoice {
  readonly resolution: ConflictResolution | null;
  readonly subnetId: string | null;
  readonly newCidr: string;
  readonly allowed: string;
}

/** Whether the wizard has everything the chosen resolution needs; the review button waits for it. */
export function choiceComplete(choice: ResolutionChoice): boolean {
  if (choice.resolution === null || choice.subnetId === null) return false;
  if (choice.resolution === 'change-network') return choice.newCidr.trim() !== '';
  if (choice.resolution === 'selective-routing') return allowedList(choice.allowed).length > 0;
  return true;
}

/** The body of POST /conflicts/:id/preview and /resolve: the same for both, so they plan the same change. */
export function resolutionBody(choice: ResolutionChoice): Record<string, unknown> {
  if (!choiceComplete(choice)) throw new Error('The resolution is not complete yet.');
  return {
    resolution: choice.resolution,
    subnetId: choice.subnetId,
    ...(choice.resolution === 'change-network' ? { newCidr: choice.newCidr.trim() } : {}),
    ...(choice.resolution === 'selective-routing' ? { allowedCidrs: allowedList(choice.allowed) } : {}),
  };
}

const allowedList = (text: string) => text.split(',').map((s) => s.trim()).filter(Boolean);

/** How the API names a subnet field in a resolve error, mapped to the wizard field it belongs to. */
export function wizardField(apiField: string): 'resolution' | 'subnetId' | 'newCidr' | 'allowed' | null {
  if (apiField === 'resolution' || apiField === 'subnetId' || apiField === 'newCidr') return apiField;
  if (apiField.startsWith('allowedCidrs')) return 'allowed';
  return null;
}

const subnetText = (s: Pick<ResolutionPreviewResponse['after'], 'cidr' | 'isRouted' | 'natEnabled' | 'natTranslatedCidr'>) =>
  !s.isRouted ? `${s.cidr} not routed` : s.natEnabled && s.natTranslatedCidr ? `${s.cidr} routed as ${s.natTranslatedCidr}` : `${s.cidr} routed`;

/**
 * A resolution preview from the API as the confirm dialog shows it: the subnet before and
 * after, and each device whose configuration changes. The translation shown is the API's,
 * the same one resolve writes.
 *
 * Example: nat-translate of b's 192.168.1.0/24 → summary "b: 192.168.1.0/24 routed → 192.168.1.0/24 routed as 172.16.0.0/24".
 */
export function resolutionChanges(preview: ResolutionPreviewResponse, owner: string): ChangePreview {
  const summary = `${owner}: ${subnetText(preview.before)} → ${subnetText(preview.after)}${preview.added.map((s) => `; adds ${subnetText(s)}`).join('')}.${preview.residualAccepted ? ' Part of the overlap stays and is accepted as resolved.' : ''}`;
  const devices = preview.affectedPeers.map((p) => ({
    device: `${p.peerName} (${p.deploymentMode})`,
    lines: [{ kind: 'change' as const, text: p.peerId === preview.after.peerId ? `its subnet: ${subnetText(preview.after)}` : `routes to ${owner} follow the change` }],
  }));
  return { summary, devices };
}
