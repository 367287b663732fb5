import { countLines, deployAllResults, failedFirst, namesObject, reconcileChanges, routerChanges } from './change-preview.logic';

describe('failedFirst and deployAllResults', () => {
  it('lists failed routers first with their reason, then unfinished, then the rest, each by name', () => {
    const line = (peerName: string, status: string, errorMessage: string | null = null) => ({ jobId: `j-${peerName}`, peerId: peerName, peerName, status, errorMessage });
    const results = deployAllResults({ succeeded: [line('office-1', 'completed')], failed: [line('office-3', 'failed', 'The router did not answer.'), line('office-2', 'rolled_back')], unfinished: [line('office-4', 'running')] });
    expect(results.map((r) => [r.device, r.outcome, r.reason])).toEqual([
      ['office-2', 'failed', 'ended rolled_back'],
      ['office-3', 'failed', 'The router did not answer.'],
      ['office-4', 'unfinished', 'still running'],
      ['office-1', 'succeeded', null],
    ]);
    expect(failedFirst([...results].reverse())).toEqual(results);
  });
});

describe('namesObject', () => {
  it('needs the exact name', () => {
    expect(namesObject(' office-3 ', 'office-3')).toBe(true);
    expect(namesObject('office', 'office-3')).toBe(false);
    expect(namesObject('OFFICE-3', 'office-3')).toBe(false);
  });
});

describe('routerChanges', () => {
  it('lists created, updated and deleted rows and leaves unchanged ones out', () => {
    const preview = { menus: [{ menu: '/interface/wireguard/peers', rows: [
      { kind: 'create', label: 'hub', fields: [{ field: 'allowed-address', current: null, desired: '10.0.0.1/32' }] },
      { kind: 'update', label: 'office-2', fields: [{ field: 'endpoint-port', current: '13231', desired: '13232' }, { field: 'comment', current: 'x', desired: 'x' }] },
      { kind: 'delete', label: 'old', fields: [{ field: 'public-key', current: 'k', desired: null }] },
      { kind: 'unchanged', label: 'same', fields: [] },
    ] }] };
    const changes = routerChanges('office-3', preview);
    expect(changes.lines).toEqual([
      { kind: 'add', text: '/interface/wireguard/peers hub (allowed-address=10.0.0.1/32)' },
      { kind: 'change', text: '/interface/wireguard/peers office-2 (endpoint-port: 13231 → 13232)' },
      { kind: 'remove', text: '/interface/wireguard/peers old (public-key=k)' },
    ]);
    expect(countLines([changes])).toBe('1 added, 1 changed, 1 removed');
    expect(routerChanges('x', null).lines).toEqual([]);
  });
});

describe('reconcileChanges', () => {
  const report = { entries: [
    { kind: 'missing', menu: '/ip/route', label: 'to hub' },
    { kind: 'mismatched', menu: '/interface/wireguard', label: 'wg', fields: [{ field: 'mtu' }] },
    { kind: 'unknown', menu: '/ip/address', label: 'stray' },
  ] };
  it('corrects nothing with every option off', () => {
    expect(reconcileChanges('r', report, { reconcileMissing: false, reconcileMismatched: false, removeUnknown: false }).lines.map((l) => l.kind)).toEqual(['note', 'note', 'note']);
  });
  it('corrects exactly the kinds turned on', () => {
    const lines = reconcileChanges('r', report, { reconcileMissing: true, reconcileMismatched: true, removeUnknown: true }).lines;
    expect(lines).toEqual([
      { kind: 'add', text: '/ip/route to hub: create the missing row' },
      { kind: 'change', text: '/interface/wireguard wg: write back mtu' },
      { kind: 'remove', text: '/ip/address stray: remove the row we did not plan' },
    ]);
  });
});
