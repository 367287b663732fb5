import type { RouterHealthFigures } from '@wom/contracts';
import type { RouterHealth } from '@wom/routeros';

/** WireGuard re-keys every 2 minutes while traffic flows; a handshake older than this means the tunnel is idle or down. */
export const ONLINE_WITHIN_MS = 180_000;

/** A reading as the API and the events show it: used memory rather than free, seconds of uptime. */
export function healthFigures(health: RouterHealth, checkedAt: Date): RouterHealthFigures {
  return {
    identity: health.identity,
    version: health.version,
    board: health.board,
    cpuLoadPercent: health.cpuLoadPercent,
    memoryUsedBytes: health.totalMemoryBytes !== null && health.freeMemoryBytes !== null ? Math.max(0, health.totalMemoryBytes - health.freeMemoryBytes) : null,
    memoryTotalBytes: health.totalMemoryBytes,
    uptimeSeconds: health.uptimeSeconds,
    checkedAt: checkedAt.toISOString(),
  };
}

/**
 * The figures from the stored `mikrotik_health` column (the engine's RouterHealth plus
 * `checkedAt`); null before the first good read, or for a value that is not a reading.
 */
export function storedHealthFigures(stored: Readonly<Record<string, unknown>> | null): RouterHealthFigures | null {
  if (!stored || typeof stored['identity'] !== 'string' || typeof stored['checkedAt'] !== 'string') return null;
  const count = (key: string): number | null => (typeof stored[key] === 'number' && Number.isFinite(stored[key]) ? (stored[key] as number) : null);
  return healthFigures(
    {
      identity: stored['identity'],
      version: typeof stored['version'] === 'string' ? stored['version'] : '',
      board: typeof stored['board'] === 'string' ? stored['board'] : null,
      cpuLoadPercent: count('cpuLoadPercent'),
      freeMemoryBytes: count('freeMemoryBytes'),
      totalMemoryBytes: count('totalMemoryBytes'),
      uptime: typeof stored['uptime'] === 'string' ? stored['uptime'] : '',
      uptimeSeconds: count('uptimeSeconds'),
    },
    new Date(stored['checkedAt']),
  );
}

/** Whole seconds since the handshake at `now`; null if there never was one. */
export function handshakeAgeSeconds(lastHandshake: Date | null, now: Date): number | null {
  return lastHandshake === null ? null : Math.max(0, Math.floor((now.getTime() - lastHandshake.getTime()) / 1000));
}

/** A link is up while its last handshake is under three minutes old. */
export const linkUp = (ageSeconds: number | null): boolean => ageSeconds !== null && ageSeconds * 1000 < ONLINE_WITHIN_MS;

/** A stored link row (counters from peer A's side). */
export interface LinkStatsRow {
  readonly peerAId: string;
  readonly peerBId: string;
  readonly lastHandshake: Date | null;
  readonly rxBytes: number;
  readonly txBytes: number;
  readonly updatedAt: Date;
  readonly reportedBy: string;
}

/**
 * The link as `viewerId` sees it: peer B received what A sent, so B's side swaps rx and tx.
 * Example: A reported rx 4096, tx 1024 → B sees rx 1024, tx 4096.
 */
export function linkFromSide(row: LinkStatsRow, viewerId: string, now: Date) {
  const isA = row.peerAId === viewerId;
  const age = handshakeAgeSeconds(row.lastHandshake, now);
  return {
    remotePeerId: isA ? row.peerBId : row.peerAId,
    lastHandshake: row.lastHandshake?.toISOString() ?? null,
    handshakeAgeSeconds: age,
    up: linkUp(age),
    rxBytes: isA ? row.rxBytes : row.txBytes,
    txBytes: isA ? row.txBytes : row.rxBytes,
    updatedAt: row.updatedAt.toISOString(),
  };
}
