import { diffSummary, driftText, plannedCalls, previewDiff, rowsAsText, sideBySide, toDriftView } from './diff.logic';

describe('sideBySide', () => {
  it('pairs a changed line and keeps equal lines aligned', () => {
    expect(sideBySide('a\nb\nc', 'a\nB\nc')).toEqual([
      { kind: 'same', left: 'a', right: 'a' },
      { kind: 'changed', left: 'b', right: 'B' },
      { kind: 'same', left: 'c', right: 'c' },
    ]);
  });

  it('shows pure additions and removals', () => {
    const rows = sideBySide('a\nold', 'new\na\n');
    expect(rows).toEqual([
      { kind: 'added', left: null, right: 'new' },
      { kind: 'same', left: 'a', right: 'a' },
      { kind: 'removed', left: 'old', right: null },
    ]);
    expect(diffSummary(rows)).toEqual({ changed: 0, added: 1, removed: 1 });
  });

  it('diffs against nothing', () => {
    expect(sideBySide('', 'x')).toEqual([{ kind: 'added', left: null, right: 'x' }]);
    expect(sideBySide('', '')).toEqual([]);
  });

  it('stays bounded for very long inputs', () => {
    const long = Array.from({ length: 5000 }, (_, i) => `l${i}`).join('\n');
    expect(sideBySide(long, long.replace('l7\n', 'x7\n'))[7]).toEqual({ kind: 'changed', left: 'l7', right: 'x7' });
  });
});

describe('rowsAsText', () => {
  it('prints router rows with sorted keys and without counters or ids', () => {
    const text = rowsAsText({ '/interface/wireguard': [{ '.id': '*1', name: 'wg0', 'listen-port': '51820', rx: '1' }], '/ip/address': [{ address: '10.0.0.1/32', interface: 'wg0' }] });
    expect(text).toBe('# /interface/wireguard\nlisten-port=51820 name=wg0\n# /ip/address\naddress=10.0.0.1/32 interface=wg0');
  });
  it('passes text through', () => expect(rowsAsText('x')).toBe('x'));
});

describe('plannedCalls', () => {
  it('reads calls under their usual names', () => {
    expect(plannedCalls({ calls: [{ method: 'put', path: '/rest/interface/wireguard', body: { name: 'wg0' } }] })).toEqual([{ method: 'PUT', path: '/rest/interface/wireguard', summary: 'name=wg0' }]);
    expect(plannedCalls({ apiCalls: [{ method: 'DELETE', endpoint: '/rest/ip/route/*3', reason: 'stale route' }] })).toEqual([{ method: 'DELETE', path: '/rest/ip/route/*3', summary: 'stale route' }]);
    expect(plannedCalls(null)).toEqual([]);
  });
});

describe('previewDiff', () => {
  it('shows each changed router row with current values left and desired right', () => {
    const rows = previewDiff({
      menus: [
        { menu: '/interface/wireguard', rows: [{ kind: 'create', label: 'wg-wan-overlay', fields: [{ field: 'listen-port', current: null, desired: '51820' }] }] },
        { menu: '/ip/route', rows: [
          { kind: 'update', key: 'route:a', fields: [{ field: 'gateway', current: 'wg0', desired: 'wg-wan-overlay' }] },
          { kind: 'unchanged', key: 'route:b', fields: [] },
          { kind: 'delete', key: null, comment: 'WAN-Overlay-Manager:x', fields: [{ field: 'dst-address', current: '10.9.0.0/24', desired: null }] },
        ] },
      ],
    });
    expect(rows).toEqual([
      { kind: 'added', left: null, right: '/interface/wireguard wg-wan-overlay: listen-port=51820' },
      { kind: 'changed', left: '/ip/route route:a: gateway=wg0', right: '/ip/route route:a: gateway=wg-wan-overlay' },
      { kind: 'removed', left: '/ip/route WAN-Overlay-Manager:x: dst-address=10.9.0.0/24', right: null },
    ]);
  });
  it('is empty without menus', () => expect(previewDiff({})).toEqual([]));
});

describe('drift', () => {
  it('reads a report and says what to do', () => {
    const view = toDriftView({ inSync: false, entries: [{}, {}], checkedAt: '2026-01-01T00:00:00Z' });
    expect(view).toEqual({ inSync: false, entries: 2, checkedAt: '2026-01-01T00:00:00Z' });
    expect(driftText(view)).toMatch(/2 row\(s\) differ/);
    expect(driftText(toDriftView(null))).toBe('in sync');
  });
});
