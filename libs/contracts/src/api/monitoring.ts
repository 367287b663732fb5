/**
 * Live router health and link statistics: what the monitor (or a router's site agent) read last,
 * as the API and the `router.health` / `link.stats` events carry it.
 */

/** One reading of a router's health. Memory is in bytes, uptime in seconds. */
export interface RouterHealthFigures {
  readonly identity: string;
  readonly version: string;
  readonly board: string | null;
  readonly cpuLoadPercent: number | null;
  readonly memoryUsedBytes: number | null;
  readonly memoryTotalBytes: number | null;
  readonly uptimeSeconds: number | null;
  /** When these figures were read; older than the router's `lastApiCheck` once a read failed. */
  readonly checkedAt: string;
}

/** One WireGuard link as the router at one end counted it, seen from the peer asking. */
export interface LinkStatsView {
  readonly remotePeerId: string;
  readonly remotePeerName: string;
  readonly lastHandshake: string | null;
  /** Seconds since the last handshake when the answer was made; null if there never was one. */
  readonly handshakeAgeSeconds: number | null;
  /** A handshake within the last 3 minutes (WireGuard re-keys every 2 while traffic flows). */
  readonly up: boolean;
  /** Bytes this peer received on the link. */
  readonly rxBytes: number;
  /** Bytes this peer sent on the link. */
  readonly txBytes: number;
  /** When a router last reported these counters. */
  readonly updatedAt: string;
}

/** GET /api/peers/:id/mikrotik/health. */
export interface RouterHealthResponse {
  readonly peerId: string;
  /** connected, auth-failed, unreachable, incompatible, unknown or agent-offline. */
  readonly apiStatus: string;
  /** The last read, whether it worked or not; null before the first. */
  readonly lastApiCheck: string | null;
  /** The site agent that reads this router; null when the control plane reads it itself. */
  readonly readByAgentId: string | null;
  readonly online: boolean;
  readonly lastSeen: string | null;
  /** The last good reading; null until the router answered once. */
  readonly health: RouterHealthFigures | null;
  readonly links: readonly LinkStatsView[];
}

/** The counters of a planned link, from the `source` end. */
export interface WanLinkStats {
  readonly lastHandshake: string | null;
  readonly handshakeAgeSeconds: number | null;
  readonly up: boolean;
  /** Bytes `source` received from `target`. */
  readonly rxBytes: number;
  /** Bytes `source` sent to `target`. */
  readonly txBytes: number;
  readonly updatedAt: string;
  /** The router whose reading this is. */
  readonly reportedBy: string;
}

export interface WanLink {
  readonly source: string;
  readonly target: string;
  /** `connection` for an explicit peer connection, `hub` when a hub is on either end, else `mesh`. */
  readonly kind: 'connection' | 'hub' | 'mesh';
  readonly connectionId: string | null;
  /** Null while no router on either end has reported the link. */
  readonly stats: WanLinkStats | null;
}

/** GET /api/wan/:wanId/links: every link the compiler plans, with its last counters. */
export interface WanLinksResponse {
  readonly wanId: string;
  readonly links: readonly WanLink[];
}

/** Payload of the `router.health` event: one per read of one router; the event's `at` is when it was read. */
export interface RouterHealthEvent {
  readonly peerId: string;
  readonly wanId: string;
  readonly apiStatus: string;
  /** Null when this read failed (`apiStatus` says why). */
  readonly health: RouterHealthFigures | null;
}

/** Payload of the `link.stats` event: every link one router reported in one good read, from its side. */
export interface LinkStatsEvent {
  readonly peerId: string;
  readonly wanId: string;
  readonly links: readonly Omit<LinkStatsView, 'remotePeerName' | 'updatedAt'>[];
}
