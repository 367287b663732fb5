import {
  CONFLICT_RESOLUTIONS,
  type ConflictResolution,
  type CriticalConflict,
  type ShadowedLan,
  type SubnetParty,
  type WanRangeKind,
  type WanRangeParty,
} from './conflict.model';

/**
 * Every option of spec §4.4.2 applies to a routing conflict: stop routing one side, route
 * one side under a NAT translation, renumber one side, or route only the parts that don't
 * overlap. A shadowed LAN may need two steps (e.g. translate both sides); the wizard
 * re-runs detection after each one.
 */
export const ROUTING_RESOLUTIONS: readonly ConflictResolution[] = CONFLICT_RESOLUTIONS;

/**
 * A LAN that overlaps the tunnel or shared-services range is broken on its own device,
 * routed or not: the device holds a tunnel address (or routes the shared range into the
 * tunnel) inside its own LAN, so those addresses are ambiguous there. Isolating the subnet
 * changes nothing on the device, and a NAT translation only changes what *other* peers
 * see; it keeps the WAN's routes clean but the LAN still covers the WAN addresses, and
 * detection still reports it. Only renumbering the LAN, or the WAN range, removes it.
 */
const LAN_OVERLAP_RESOLUTIONS: readonly ConflictResolution[] = ['change-network'];

/**
 * A NAT translation that lands in a WAN range was badly chosen: pick a new translation
 * (assignNatTranslation avoids the WAN ranges), move the WAN range, or stop routing the
 * subnet, since an unrouted subnet's translation is never announced.
 */
const TRANSLATION_OVERLAP_RESOLUTIONS: readonly ConflictResolution[] = ['nat-translate', 'change-network', 'isolate'];

const RANGE_LABEL: Record<WanRangeKind, string> = {
  'tunnel-range': 'tunnel range',
  'shared-services-range': 'shared-services range',
};

export function criticalResolutions(via: CriticalConflict['via']): readonly ConflictResolution[] {
  return via === 'cidr' ? LAN_OVERLAP_RESOLUTIONS : TRANSLATION_OVERLAP_RESOLUTIONS;
}

export function criticalMessage(subnet: SubnetParty, range: WanRangeParty, via: CriticalConflict['via'], overlap: string): string {
  const label = RANGE_LABEL[range.kind];
  if (via === 'cidr') {
    return (
      `Subnet ${subnet.cidr} of peer "${subnet.peerName}" overlaps the WAN ${label} ${range.cidr} at ${overlap}. ` +
      `The peer can't reach those WAN addresses while its own LAN covers them; renumber the LAN or change the WAN's ${label}.`
    );
  }
  return (
    `The NAT translation ${subnet.routedAs} of subnet ${subnet.cidr} (peer "${subnet.peerName}") overlaps the WAN ${label} ${range.cidr} at ${overlap}. ` +
    `Assign a new translation, change the WAN's ${label}, or stop routing the subnet.`
  );
}

/** Names a subnet as its peer and the WAN know it: `192.168.1.0/24 of peer "Paris" (routed as 172.16.0.0/24)`. */
function describe(party: SubnetParty): string {
  const translated = party.routedAs !== null && party.routedAs !== party.cidr ? ` (routed as ${party.routedAs})` : '';
  return `${party.cidr} of peer "${party.peerName}"${translated}`;
}

export function routingMessage(a: SubnetParty, b: SubnetParty, ambiguous: string | null, shadowed: readonly ShadowedLan[]): string {
  const sentences: string[] = [];
  if (ambiguous !== null) {
    sentences.push(`Subnets ${describe(a)} and ${describe(b)} are both routed and overlap at ${ambiguous}, so the WAN can't tell them apart.`);
  } else {
    sentences.push(`Subnets ${describe(a)} and ${describe(b)} overlap.`);
  }
  for (const lan of shadowed) {
    const [victim, other] = lan.subnetId === a.subnetId ? [a, b] : [b, a];
    sentences.push(`Peer "${victim.peerName}" can't reach ${lan.overlap} at peer "${other.peerName}", because its own LAN ${victim.cidr} covers it.`);
  }
  sentences.push("Stop routing one of them, translate one with NAT, renumber one, or route only the parts that don't overlap.");
  return sentences.join(' ');
}
