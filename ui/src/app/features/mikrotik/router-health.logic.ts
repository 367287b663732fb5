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
