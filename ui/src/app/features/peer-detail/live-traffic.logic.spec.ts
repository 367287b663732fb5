import { liveTraffic, needsReload } from './live-traffic.logic';

describe('live traffic of a peer', () => {
  const status = (data: Record<string, unknown>) => ({ type: 'peer.status', data: { peerId: 'p1', isOnline: true, lastSeen: '2026-02-01T10:00:00.000Z', ...data } });

  it('reads the traffic a status event carries for this peer only', () => {
    expect(liveTraffic(status({ lastHandshake: '2026-02-01T09:59:50.000Z', rxBytes: 10, txBytes: 20 }), 'p1')).toEqual({ lastHandshake: '2026-02-01T09:59:50.000Z', rxBytes: 10, txBytes: 20, lastSeen: '2026-02-01T10:00:00.000Z' });
    expect(liveTraffic(status({ lastHandshake: null, rxBytes: 0, txBytes: 0 }), 'p1')).toMatchObject({ lastHandshake: null });
    expect(liveTraffic(status({ rxBytes: 10, txBytes: 20 }), 'p2')).toBeNull();
    expect(liveTraffic(status({}), 'p1')).toBeNull();
    expect(liveTraffic({ type: 'config.changed', data: { peerId: 'p1', rxBytes: 1, txBytes: 1 } }, 'p1')).toBeNull();
  });

  it('re-reads the peer when its configuration or online state changed, not for traffic alone', () => {
    expect(needsReload(status({ rxBytes: 1, txBytes: 1 }), 'p1', true)).toBe(false);
    expect(needsReload(status({ isOnline: false }), 'p1', true)).toBe(true);
    expect(needsReload({ type: 'config.changed', data: { peerIds: ['p1'] } }, 'p1', true)).toBe(true);
    expect(needsReload({ type: 'config.changed', data: { peerIds: ['p9'] } }, 'p1', true)).toBe(false);
  });
});
