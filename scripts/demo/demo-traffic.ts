/**
 * Made-up but plausible WireGuard statistics for the demo's emulated routers: byte counters
 * that only grow and a handshake that is renewed every two minutes, as WireGuard re-keys.
 * Clock and randomness are parameters, so the numbers can be checked exactly.
 */

/** WireGuard starts a new handshake once the current session key is this old. */
export const REKEY_AFTER_MS = 120_000;

export interface TunnelTraffic {
  readonly rxBytes: number;
  readonly txBytes: number;
  /** When the latest handshake happened (ms since the epoch). */
  readonly handshakeAtMs: number;
}

/**
 * The next reading of one tunnel: counters grow by 2–64 kB each way, and the handshake is
 * renewed when none happened yet or the last one is two minutes old.
 *
 * Example: nextTunnelTraffic(undefined, 1_000, () => 0) → { rxBytes: 2048, txBytes: 2048, handshakeAtMs: 1_000 }
 */
export function nextTunnelTraffic(previous: TunnelTraffic | undefined, nowMs: number, random: () => number): TunnelTraffic {
  const grow = (): number => 2_048 + Math.floor(random() * 63_488);
  const rehandshake = previous === undefined || nowMs - previous.handshakeAtMs >= REKEY_AFTER_MS;
  return {
    rxBytes: (previous?.rxBytes ?? 0) + grow(),
    txBytes: (previous?.txBytes ?? 0) + grow(),
    handshakeAtMs: rehandshake ? nowMs : previous.handshakeAtMs,
  };
}

/**
 * A non-negative number of seconds as RouterOS prints a duration.
 *
 * Example: routerOsDuration(75) → '1m15s'; routerOsDuration(0) → '0s'; routerOsDuration(3600) → '1h'
 */
export function routerOsDuration(totalSeconds: number): string {
  let rest = Math.max(0, Math.floor(totalSeconds));
  const parts: string[] = [];
  for (const [unit, size] of [['h', 3_600], ['m', 60]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    }
  }
  if (rest > 0 || parts.length === 0) parts.push(`${rest}s`);
  return parts.join('');
}
