import { handshakeAgeSeconds, healthFigures, linkFromSide, linkUp, storedHealthFigures } from './router-health.view';

const READ_AT = new Date('2026-01-31T12:00:00.000Z');
const HEALTH = { identity: 'paris-gw', version: '7.19.4 (stable)', board: 'RB5009UG+S+', cpuLoadPercent: 4, freeMemoryBytes: 805_306_368, totalMemoryBytes: 1_073_741_824, uptime: '3d03:52:55', uptimeSeconds: 273_175 };

describe('router health figures', () => {
  it('shows used memory rather than free, and when the figures were read', () => {
    expect(healthFigures(HEALTH, READ_AT)).toEqual({
      identity: 'paris-gw',
      version: '7.19.4 (stable)',
      board: 'RB5009UG+S+',
      cpuLoadPercent: 4,
      memoryUsedBytes: 268_435_456,
      memoryTotalBytes: 1_073_741_824,
      uptimeSeconds: 273_175,
      checkedAt: '2026-01-31T12:00:00.000Z',
    });
    expect(healthFigures({ ...HEALTH, freeMemoryBytes: null }, READ_AT).memoryUsedBytes).toBeNull();
  });

  it('reads the stored column back as the same figures, and nothing from a value that is no reading', () => {
    expect(storedHealthFigures({ ...HEALTH, checkedAt: READ_AT.toISOString() })).toEqual(healthFigures(HEALTH, READ_AT));
    expect(storedHealthFigures(null)).toBeNull();
    expect(storedHealthFigures({ identity: 5, checkedAt: 'x' })).toBeNull();
    expect(storedHealthFigures({ identity: 'r', checkedAt: READ_AT.toISOString(), cpuLoadPercent: '4' })).toMatchObject({ cpuLoadPercent: null, version: '', board: null });
  });
});

describe('links', () => {
  const row = { peerAId: 'a', peerBId: 'b', lastHandshake: new Date(READ_AT.getTime() - 42_000), rxBytes: 4096, txBytes: 1024, updatedAt: READ_AT, reportedBy: 'a' };

  it('shows each side its own direction: what A received, B sent', () => {
    expect(linkFromSide(row, 'a', READ_AT)).toEqual({ remotePeerId: 'b', lastHandshake: '2026-01-31T11:59:18.000Z', handshakeAgeSeconds: 42, up: true, rxBytes: 4096, txBytes: 1024, updatedAt: READ_AT.toISOString() });
    expect(linkFromSide(row, 'b', READ_AT)).toMatchObject({ remotePeerId: 'a', rxBytes: 1024, txBytes: 4096 });
  });

  it('counts a link up while its handshake is under three minutes old', () => {
    expect(handshakeAgeSeconds(null, READ_AT)).toBeNull();
    expect([linkUp(null), linkUp(0), linkUp(179), linkUp(180)]).toEqual([false, true, true, false]);
    expect(linkFromSide({ ...row, lastHandshake: null }, 'a', READ_AT)).toMatchObject({ handshakeAgeSeconds: null, up: false });
  });
});
