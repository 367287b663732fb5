import type { PeerType } from '@wom/domain';
import type { Peer } from '../../core/api.models';

export interface PeerFilter {
  /** Matches name, tunnel IP, endpoint, tag or a subnet, case-insensitively. */
  readonly text: string;
  readonly type: PeerType | '';
  readonly tag: string;
  readonly status: 'online' | 'offline' | '';
}

export const NO_FILTER: PeerFilter = { text: '', type: '', tag: '', status: '' };

/** The peers a filter keeps, sorted by name. Pure so the list, bulk actions and tests agree. */
export function filterPeers(peers: readonly Peer[], filter: PeerFilter): Peer[] {
  const text = filter.text.trim().toLowerCase();
  return peers
    .filter((peer) => (filter.type === '' || peer.type === filter.type) && (filter.tag === '' || peer.tags.includes(filter.tag)))
    .filter((peer) => filter.status === '' || (filter.status === 'online') === peer.isOnline)
    .filter((peer) => text === '' || haystack(peer).includes(text))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function haystack(peer: Peer): string {
  return [peer.name, peer.tunnelIp, peer.endpoint ?? '', peer.type, ...peer.tags, ...peer.subnets.map((s) => s.cidr)].join(' ').toLowerCase();
}

/** Every tag in use, for the tag filter. */
export function allTags(peers: readonly Peer[]): string[] {
  return [...new Set(peers.flatMap((p) => p.tags))].sort();
}

/** "2 min ago"-style age of a timestamp; "never" for none. `now` is a parameter for tests. */
export function ago(iso: string | null, now: number = Date.now()): string {
  if (!iso) return 'never';
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (Number.isNaN(seconds)) return 'unknown';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

/** Whether a peer is managed over the MikroTik REST API. */
export const isApiManaged = (peer: Pick<Peer, 'type' | 'deploymentMode'>) => peer.type === 'mikrotik' && peer.deploymentMode === 'mikrotik-api';

/** How a router's API status reads, and its badge tone; "agent-offline" is unknown, not down. */
export function apiStatusView(mikrotik: Peer['mikrotik']): { readonly text: string; readonly tone: 'online' | 'offline' | 'neutral' } {
  const status = mikrotik?.apiStatus ?? 'unknown';
  if (status === 'agent-offline') return { text: 'unknown (agent offline)', tone: 'neutral' };
  const via = mikrotik?.executorAgentId ? ' via agent' : '';
  if (status === 'connected') return { text: `connected${via}`, tone: 'online' };
  if (status === 'auth-failed' || status === 'unreachable' || status === 'incompatible') return { text: `${status}${via}`, tone: 'offline' };
  return { text: status, tone: 'neutral' };
}

/**
 * A deleted peer waiting for its undeploy job: "removing" while it runs, "removal pending" with
 * the reason once an attempt failed (it is retried). Null for a peer that is not being removed.
 */
export function removalView(removal: Peer['removal']): { readonly text: string; readonly tone: 'neutral' | 'offline'; readonly detail: string } | null {
  if (!removal) return null;
  if (removal.lastError) {
    return { text: 'removal pending', tone: 'offline', detail: `Removal pending after ${removal.attempts} attempt(s), retried automatically: ${removal.lastError}` };
  }
  return { text: 'removing', tone: 'neutral', detail: 'Deleted: the rows this product wrote are being taken off the router; the peer goes once that job succeeds.' };
}
