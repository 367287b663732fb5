import type { PeerDetailResponse, PeerResponse, TunnelLinkStatus, TunnelStatus } from '@wom/contracts';
import { linkFromSide, type LinkStatsRow } from '../monitoring/router-health.view';

/** The peer columns the status depends on. */
export interface StatusSource {
  readonly id: string;
  readonly deploymentMode: string;
  readonly mikrotikApiStatus: string | null;
}

/**
 * Splits a peer's status into API reachability and tunnel state. A router whose REST API
 * answers while every tunnel is silent is reachable but not online: "online" means a link had
 * a handshake in the last 3 minutes. Other peers keep the online state their agent or the
 * routers that see them reported.
 *
 * Example: a mikrotik-api router, API connected, one link last handshaking 10 minutes ago →
 * { apiReachable: true, tunnel: { state: 'down', handshakeAgeSeconds: 600, … }, isOnline: false }.
 */
export function withStatus(response: PeerResponse, peer: StatusSource, links: readonly (LinkStatsRow & { remoteName: string })[], now: Date): PeerDetailResponse {
  const tunnel = tunnelStatus(
    links.map((row) => {
      const { remotePeerId, lastHandshake, handshakeAgeSeconds, up } = linkFromSide(row, peer.id, now);
      return { remotePeerId, remotePeerName: row.remoteName, lastHandshake, handshakeAgeSeconds, up };
    }),
  );
  const apiManaged = peer.deploymentMode === 'mikrotik-api';
  return {
    ...response,
    isOnline: apiManaged ? tunnel.state === 'up' : response.isOnline,
    apiReachable: apiManaged ? peer.mikrotikApiStatus === 'connected' : null,
    tunnel,
  };
}

/** The tunnel as a whole: up when any link is, with the newest handshake first. */
export function tunnelStatus(links: readonly TunnelLinkStatus[]): TunnelStatus {
  const sorted = [...links].sort((x, y) => (x.handshakeAgeSeconds ?? Infinity) - (y.handshakeAgeSeconds ?? Infinity));
  const newest = sorted[0];
  const linksUp = sorted.filter((link) => link.up).length;
  const seen = sorted.some((link) => link.lastHandshake !== null);
  return {
    state: linksUp > 0 ? 'up' : seen ? 'down' : 'unknown',
    lastHandshake: newest?.lastHandshake ?? null,
    handshakeAgeSeconds: newest?.handshakeAgeSeconds ?? null,
    linksUp,
    links: sorted,
  };
}
