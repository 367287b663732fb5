import type { PeerTraffic } from './event-bus';

/** One link's counters as an agent reports them (0 for "never handshook"). */
export interface LinkCounters {
  readonly latestHandshakeMs: bigint;
  readonly rxBytes: bigint;
  readonly txBytes: bigint;
}

/**
 * A peer's traffic over all its links: the newest handshake and the bytes summed.
 *
 * Example: links handshaking at t=1000 ms and never, with 10/20 and 5/0 bytes →
 * `{ lastHandshake: '1970-01-01T00:00:01.000Z', rxBytes: 15, txBytes: 20 }`.
 */
export function peerTraffic(links: readonly LinkCounters[]): PeerTraffic {
  let newest = 0n;
  let rx = 0n;
  let tx = 0n;
  for (const link of links) {
    if (link.latestHandshakeMs > newest) newest = link.latestHandshakeMs;
    rx += link.rxBytes;
    tx += link.txBytes;
  }
  return { lastHandshake: newest > 0n ? new Date(Number(newest)).toISOString() : null, rxBytes: Number(rx), txBytes: Number(tx) };
}
