import { branchState, PEER_IDS } from '../__fixtures__/desired-states';
import { applyCallsToRows } from '../__fixtures__/routeros-apply-calls';
import { branchRouterTables, OTHER_OVERLAY_PEER_ID } from '../__fixtures__/routeros-router-tables';
import { managedComment } from './managed-comment';
import { planRouterOsChanges } from './routeros-changes.planner';
import type { CurrentRows, RouterOsRow } from './routeros-rest.model';
import { toRouterOsResources } from './routeros-resources.renderer';
import { diffRouterOsRows } from './routeros-rows.differ';

const desired = toRouterOsResources(branchState);
const deployed = (): CurrentRows => applyCallsToRows(branchRouterTables(), planRouterOsChanges(branchRouterTables(), desired));
const mapRows = (rows: readonly RouterOsRow[] | undefined, key: string, change: (row: RouterOsRow) => RouterOsRow | null): RouterOsRow[] =>
  (rows ?? []).flatMap((row) => {
    if (row['comment'] !== managedComment(PEER_IDS.branch, key)) return [row];
    const next = change(row);
    return next ? [next] : [];
  });

describe('diffRouterOsRows', () => {
  it('reports every desired row missing on a router without our config, and no unknown row', () => {
    const diff = diffRouterOsRows(branchRouterTables(), desired);
    expect(diff.missing).toEqual(desired);
    expect(diff.mismatched).toEqual([]);
    expect(diff.unknown).toEqual([]);
    expect(diff.inSync).toEqual([]);
    expect(diff.conflicts).toEqual([]);
  });

  it('reports drift field by field: expected write form, actual read-back form', () => {
    const tables = deployed();
    const drifted: CurrentRows = {
      ...tables,
      '/interface/wireguard/peers': mapRows(tables['/interface/wireguard/peers'], `peer:${PEER_IDS.hub}`, (row) => ({ ...row, 'endpoint-port': '51821' })),
      '/ip/route': mapRows(tables['/ip/route'], 'route:10.0.5.0/24', () => null),
      '/ip/firewall/address-list': [
        ...(tables['/ip/firewall/address-list'] ?? []),
        { '.id': '*EE', list: 'wom-wg-wan-overlay', address: '10.1.0.0/24', comment: managedComment(PEER_IDS.branch, 'address-list:10.1.0.0/24') },
      ],
    };
    const diff = diffRouterOsRows(drifted, desired);
    expect(diff.missing.map((row) => row.key)).toEqual(['route:10.0.5.0/24']);
    expect(diff.mismatched).toEqual([
      expect.objectContaining({ fields: [{ field: 'endpoint-port', expected: '51820', actual: '51821' }] }),
    ]);
    expect(diff.mismatched[0]?.row.key).toBe(`peer:${PEER_IDS.hub}`);
    expect(diff.unknown).toEqual([expect.objectContaining({ menu: '/ip/firewall/address-list', id: '*EE' })]);
    expect(diff.inSync).toHaveLength(desired.length - 2);
  });

  it('reports a foreign row holding a name we need, including another overlay\'s', () => {
    const tables = branchRouterTables();
    const squatted: CurrentRows = {
      ...tables,
      '/interface/wireguard': [...(tables['/interface/wireguard'] ?? []), { '.id': '*C', name: 'wg-wan-overlay', comment: managedComment(OTHER_OVERLAY_PEER_ID, 'interface') }],
      '/ip/firewall/address-list': [...(tables['/ip/firewall/address-list'] ?? []), { '.id': '*D', list: 'wom-wg-wan-overlay', address: '192.168.1.0/24' }],
    };
    const diff = diffRouterOsRows(squatted, desired);
    expect(diff.conflicts.map(({ row, id, fields }) => ({ key: row.key, id, fields }))).toEqual([
      { key: 'interface', id: '*C', fields: ['name'] },
      { key: 'address-list:192.168.1.0/24', id: '*D', fields: ['list', 'address'] },
    ]);
  });

  it('reports a rename onto a taken name as a conflict too', () => {
    const tables = deployed();
    const renamed = toRouterOsResources({ ...branchState, interface: { ...branchState.interface, name: 'wg-roadwarrior' } });
    const diff = diffRouterOsRows(tables, renamed);
    expect(diff.conflicts.map(({ row, id }) => `${row.key} ${id}`)).toEqual(['interface *1']);
  });
});
