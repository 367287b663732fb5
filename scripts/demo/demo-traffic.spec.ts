import { describe, expect, it } from '@jest/globals';
import { nextTunnelTraffic, REKEY_AFTER_MS, routerOsDuration } from './demo-traffic';

describe('demo tunnel traffic', () => {
  const sequence = (...values: number[]) => {
    let i = 0;
    return () => values[i++ % values.length]!;
  };

  it('starts with a handshake now and a few kilobytes each way', () => {
    expect(nextTunnelTraffic(undefined, 1_000, () => 0)).toEqual({ rxBytes: 2_048, txBytes: 2_048, handshakeAtMs: 1_000 });
    expect(nextTunnelTraffic(undefined, 1_000, sequence(0.5, 0.999_999))).toEqual({ rxBytes: 2_048 + 31_744, txBytes: 2_048 + 63_487, handshakeAtMs: 1_000 });
  });

  it('only ever grows the counters', () => {
    let traffic = nextTunnelTraffic(undefined, 0, Math.random);
    for (let t = 5_000; t <= 600_000; t += 5_000) {
      const next = nextTunnelTraffic(traffic, t, Math.random);
      expect(next.rxBytes).toBeGreaterThan(traffic.rxBytes);
      expect(next.txBytes).toBeGreaterThan(traffic.txBytes);
      expect(t - next.handshakeAtMs).toBeLessThan(REKEY_AFTER_MS);
      traffic = next;
    }
  });

  it('keeps the handshake until the session is two minutes old, then renews it', () => {
    const first = nextTunnelTraffic(undefined, 10_000, () => 0);
    expect(nextTunnelTraffic(first, 10_000 + REKEY_AFTER_MS - 1, () => 0).handshakeAtMs).toBe(10_000);
    expect(nextTunnelTraffic(first, 10_000 + REKEY_AFTER_MS, () => 0).handshakeAtMs).toBe(10_000 + REKEY_AFTER_MS);
  });

  it.each([
    [0, '0s'],
    [0.9, '0s'],
    [14, '14s'],
    [60, '1m'],
    [75, '1m15s'],
    [3_600, '1h'],
    [3_725, '1h2m5s'],
    [-3, '0s'],
  ])('prints %p seconds as %p', (seconds, text) => {
    expect(routerOsDuration(seconds)).toBe(text);
  });
});
