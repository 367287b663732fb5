import type { RouterHealthFigures } from '@wom/contracts';
import { formatBytes } from '../peer-detail/format.logic';

/** Uptime the way RouterOS prints it, coarsened to two units: 273175 → "3d 3h", 3725 → "1h 2m", 42 → "42s". */
export function formatUptime(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  const units: [string, number][] = [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]];
  const parts: string[] = [];
  let rest = Math.floor(seconds);
  for (const [unit, size] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || (parts.length === 0 && size === 1)) parts.push(`${count}${unit}`);
    if (parts.length > 0 && (parts.length === 2 || count === 0)) break;
  }
  return parts.join(' ');
}

/** "256.0 MiB of 1.0 GiB (25%)"; "—" when the router did not say. */
export function formatMemory(health: Pick<RouterHealthFigures, 'memoryUsedBytes' | 'memoryTotalBytes'>): string {
  const { memoryUsedBytes: used, memoryTotalBytes: total } = health;
  if (used === null || total === null || total <= 0) return '—';
  return `${formatBytes(used)} of ${formatBytes(total)} (${Math.round((used / total) * 100)}%)`;
}

/** A handshake age for a table cell: "never", "42 s", "3 min", "2 h". */
export function formatHandshakeAge(seconds: number | null): string {
  if (seconds === null) return 'never';
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7_200) return `${Math.floor(seconds / 60)} min`;
  return seconds < 172_800 ? `${Math.floor(seconds / 3_600)} h` : `${Math.floor(seconds / 86_400)} d`;
}

/**
 * A router's two separate facts: whether its REST API answered the last read, and whether any
 * tunnel had a handshake within 3 minutes. An answering API alone never reads as "online".
 *
 * Example: apiStatus 'connected', links all older than 3 minutes → api "API reachable", tunnel "tunnel down".
 */
export function reachabilityView(health: { readonly apiStatus: string; readonly links: readonly { readonly up: boolean; readonly handshakeAgeSeconds: number | null }[] }): {
  readonly api: { readonly text: string; readonly ok: boolean };
  readonly tunnel: { readonly text: string; readonly ok: boolean };
} {
  const apiOk = health.apiStatus === 'connected';
  const up = health.links.filter((l) => l.up).length;
  const newest = health.links.map((l) => l.handshakeAgeSeconds).filter((a): a is number => a !== null).sort((x, y) => x - y)[0] ?? null;
  const tunnel =
    up > 0 ? { text: `tunnel up: ${up}/${health.links.length} links, handshake ${formatHandshakeAge(newest)} ago`, ok: true }
    : newest !== null ? { text: `tunnel down: last handshake ${formatHandshakeAge(newest)} ago`, ok: false }
    : { text: 'tunnel down: no handshake reported', ok: false };
  return { api: { text: apiOk ? 'API reachable' : `API ${health.apiStatus === 'unknown' ? 'not read yet' : health.apiStatus}`, ok: apiOk }, tunnel };
}
