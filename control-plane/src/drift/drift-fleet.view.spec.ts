import { toFleetDriftItem, type FleetDriftRow } from './drift-fleet.view';

const row = (over: Partial<FleetDriftRow>): FleetDriftRow => ({
  id: 'p1',
  name: 'office',
  type: 'mikrotik',
  deployment_mode: 'mikrotik-api',
  is_online: true,
  router_report: null,
  router_checked_at: null,
  agent_report: null,
  agent_drift_at: null,
  agent_applied_revision: null,
  ...over,
});

describe('toFleetDriftItem', () => {
  const at = new Date('2026-02-01T10:00:00.000Z');

  it.each([
    ['a router never checked', row({}), { source: 'router', state: 'unchecked', checkedAt: null, entries: 0, kinds: { missing: 0, mismatched: 0, unknown: 0, misplaced: 0 } }],
    [
      'a drifted router',
      row({ router_checked_at: at, router_report: { inSync: false, entries: [{}, {}, {}], summary: { missing: 1, mismatched: 0, unknown: 2, misplaced: 0 } } }),
      { source: 'router', state: 'drifted', checkedAt: at.toISOString(), entries: 3, kinds: { missing: 1, mismatched: 0, unknown: 2, misplaced: 0 } },
    ],
    ['a router in sync', row({ router_checked_at: at, router_report: { inSync: true, entries: [], summary: { missing: 0 } } }), { state: 'in-sync', entries: 0 }],
    [
      'a drifted agent',
      row({ type: 'server', deployment_mode: 'agent', agent_drift_at: at, agent_applied_revision: '4', agent_report: { items: [{ kind: 'missing' }, { kind: 'mismatched' }, { kind: 'mismatched' }, { kind: 'unspecified' }] } }),
      { source: 'agent', state: 'drifted', checkedAt: at.toISOString(), entries: 4, kinds: { missing: 1, mismatched: 2, unknown: 0, misplaced: 0 } },
    ],
    ['an agent that applied and reported nothing', row({ type: 'server', deployment_mode: 'agent', agent_applied_revision: '4' }), { source: 'agent', state: 'in-sync', entries: 0 }],
    ['an agent that never applied', row({ type: 'server', deployment_mode: 'agent', agent_applied_revision: null }), { source: 'agent', state: 'unchecked' }],
  ])('%s', (_name, input, expected) => {
    expect(toFleetDriftItem(input)).toMatchObject(expected);
  });

  it('tolerates a malformed stored report', () => {
    expect(toFleetDriftItem(row({ router_report: { inSync: false, summary: { missing: 'many' } } }))).toMatchObject({ state: 'drifted', entries: 0, kinds: { missing: 0 } });
  });
});
