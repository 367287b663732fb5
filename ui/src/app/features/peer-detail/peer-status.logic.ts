import type { PeerDetailResponse } from '@wom/contracts';

/** A peer's status as two separate facts: does its management API answer, and is its tunnel carrying handshakes. */
export interface PeerStatusView {
  /** Null for peers without a management API. */
  readonly api: { readonly text: string; readonly ok: boolean } | null;
  readonly tunnel: { readonly text: string; readonly ok: boolean; readonly state: PeerDetailResponse['tunnel']['state'] };
  readonly links: readonly { readonly remote: string; readonly text: string; readonly up: boolean }[];
}

/** "42 s", "5 min", "3 h", "2 d": a handshake age short enough for a badge. */
export function handshakeAge(seconds: number | null): string {
  if (seconds === null) return 'never';
  if (seconds < 120) return `${seconds} s ago`;
  if (seconds < 7200) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 172_800) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

/**
 * The two badges of a peer and its links. "online" is said only of a tunnel with a recent
 * handshake; an answering API is "API reachable", never "online".
 *
 * Example: API connected, newest handshake 10 min ago → API "API reachable", tunnel "tunnel down (last handshake 10 min ago)".
 */
export function peerStatusView(peer: Pick<PeerDetailResponse, 'apiReachable' | 'tunnel'>): PeerStatusView {
  const t = peer.tunnel;
  const tunnelText =
    t.state === 'up' ? `online: tunnel up (handshake ${handshakeAge(t.handshakeAgeSeconds)}, ${t.linksUp}/${t.links.length} links)`
    : t.state === 'down' ? `offline: tunnel down (last handshake ${handshakeAge(t.handshakeAgeSeconds)})`
    : 'offline: no handshake reported yet';
  return {
    api: peer.apiReachable === null ? null : { text: peer.apiReachable ? 'API reachable' : 'API unreachable', ok: peer.apiReachable },
    tunnel: { text: tunnelText, ok: t.state === 'up', state: t.state },
    links: t.links.map((l) => ({ remote: l.remotePeerName, text: l.lastHandshake === null ? 'no handshake yet' : `handshake ${handshakeAge(l.handshakeAgeSeconds)}`, up: l.up })),
  };
}
