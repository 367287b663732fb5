import type { LiveEvent } from '../../core/live-event.logic';

/** A peer's tunnel traffic as its agent last reported it over the event stream. */
export interface LiveTraffic {
  readonly lastHandshake: string | null;
  readonly rxBytes: number;
  readonly txBytes: number;
  readonly lastSeen: string | null;
}

/** The traffic a `peer.status` event of this peer carries, or null when it carries none. */
export function liveTraffic(event: LiveEvent, peerId: string): LiveTraffic | null {
  const d = event.data;
  if (event.type !== 'peer.status' || d['peerId'] !== peerId) return null;
  if (typeof d['rxBytes'] !== 'number' || typeof d['txBytes'] !== 'number') return null;
  const handshake = d['lastHandshake'];
  const seen = d['lastSeen'];
  return { lastHandshake: typeof handshake === 'string' ? handshake : null, rxBytes: d['rxBytes'], txBytes: d['txBytes'], lastSeen: typeof seen === 'string' ? seen : null };
}

/**
 * Whether an event calls for re-reading the peer: its configuration changed, or its online state
 * is not the one shown. A traffic report that changes nothing else is applied in place.
 */
export function needsReload(event: LiveEvent, peerId: string, shownOnline: boolean | null): boolean {
  const d = event.data;
  const ids = [d['peerId'], ...(Array.isArray(d['peerIds']) ? d['peerIds'] : [])];
  if (!ids.includes(peerId)) return false;
  if (event.type === 'peer.status') return d['isOnline'] !== shownOnline;
  return true;
}
