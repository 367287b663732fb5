import { driftChips, driftDiff, refreshesDrift, type FleetDriftItem } from './drift-fleet.logic';

const item = (kinds: Partial<FleetDriftItem['kinds']>): FleetDriftItem => ({
  peerId: 'p',
  name: 'r',
  type: 'mikrotik',
  deploymentMode: 'mikrotik-api',
  source: 'router',
  isOnline: true,
  state: 'drifted',
  checkedAt: null,
  kinds: { missing: 0, mismatched: 0, unknown: 0, misplaced: 0, ...kinds },
  entries: 0,
});

describe('drift fleet logic', () => {
  it('shows only the kinds with findings, in order', () => {
    expect(driftChips(item({ unknown: 2, missing: 1 }))).toEqual([{ kind: 'missing', count: 1 }, { kind: 'unknown', count: 2 }]);
    expect(driftChips(item({}))).toEqual([]);
  });

  it.each([
    [{ type: 'config.changed', data: { reason: 'mikrotik.drift-detected' } }, true],
    [{ type: 'config.changed', data: { reason: 'agent.drift' } }, true],
    [{ type: 'config.changed', data: { reason: 'service.created' } }, false],
    [{ type: 'job.progress', data: { status: 'completed' } }, true],
    [{ type: 'job.progress', data: { status: 'running' } }, false],
    [{ type: 'peer.status', data: {} }, false],
  ])('refreshes on %j: %s', (event, expected) => {
    expect(refreshesDrift(event)).toBe(expected);
  });

  it('turns a drift report into side-by-side rows: missing added, unknown removed, mismatched changed', () => {
    const rows = driftDiff({
      entries: [
        { kind: 'missing', menu: '/ip/firewall/address-list', label: 'wan-peers', fields: [{ field: 'address', expected: '10.0.0.2', actual: null }] },
        { kind: 'unknown', menu: '/ip/route', label: '10.9.0.0/24', fields: [{ field: 'dst-address', expected: null, actual: '10.9.0.0/24' }] },
        { kind: 'mismatched', menu: '/interface/wireguard', label: 'wg-wom', fields: [{ field: 'mtu', expected: '1420', actual: '1280' }] },
      ],
    });
    expect(rows).toEqual([
      { kind: 'added', left: null, right: '/ip/firewall/address-list wan-peers: address=10.0.0.2' },
      { kind: 'removed', left: '/ip/route 10.9.0.0/24: dst-address=10.9.0.0/24', right: null },
      { kind: 'changed', left: '/interface/wireguard wg-wom: mtu=1280', right: '/interface/wireguard wg-wom: mtu=1420' },
    ]);
    expect(driftDiff(null)).toEqual([]);
  });
});
