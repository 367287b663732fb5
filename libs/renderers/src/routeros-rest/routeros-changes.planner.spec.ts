import type { DesiredState } from '@wom/domain';
import { branchState, FIXTURE_KEYS, hubState, PEER_IDS } from '../__fixtures__/desired-states';
import { applyCallsToRows } from '../__fixtures__/routeros-apply-calls';
import { branchRouterTables, FOREIGN_IDS, OTHER_OVERLAY_PEER_ID } from '../__fixtures__/routeros-router-tables';
import { isManagedByPeer, managedComment } from './managed-comment';
import { planRouterOsChanges } from './routeros-changes.planner';
import { ROUTEROS_MENUS, type ApiCall, type CurrentRows, type RouterOsMenu, type RouterOsRow } from './routeros-rest.model';
import { toRouterOsResources } from './routeros-resources.renderer';

/** Plans `state` against `tables`, applies the calls like a router, and returns both. */
function deploy(state: DesiredState, tables: CurrentRows): { calls: ApiCall[]; after: CurrentRows } {
  const calls = planRouterOsChanges(tables, toRouterOsResources(state));
  return { calls, after: applyCallsToRows(tables, calls) };
}

const foreignRows = (tables: CurrentRows, peerId: string): Array<[RouterOsMenu, RouterOsRow]> =>
  ROUTEROS_MENUS.flatMap((menu) => (tables[menu] ?? []).filter((row) => !isManagedByPeer(row['comment'], peerId)).map((row): [RouterOsMenu, RouterOsRow] => [menu, row]));

const rowOf = (tables: CurrentRows, menu: RouterOsMenu, peerId: string, key: string): RouterOsRow => {
  const row = (tables[menu] ?? []).find((candidate) => candidate['comment'] === managedComment(peerId, key));
  if (!row) throw new Error(`no ${menu} row for ${key}`);
  return row;
};

const branchWith = (changes: Partial<DesiredState>): DesiredState => ({ ...branchState, ...changes });

describe('planRouterOsChanges on a router with foreign configuration', () => {
  it('creates every row in dependency order, with no call on a foreign row', () => {
    const before = branchRouterTables();
    const { calls } = deploy(branchState, before);
    expect(calls.every((call) => call.method === 'PUT')).toBe(true);
    expect(calls).toHaveLength(toRouterOsResources(branchState).length);
    const menus = calls.map((call) => ROUTEROS_MENUS.indexOf(call.change.menu));
    expect(menus).toEqual([...menus].sort((a, b) => a - b));
    for (const call of calls) {
      expect(call.path).toBe(`/rest${call.change.menu}`);
      expect(isManagedByPeer(call.body?.['comment'], PEER_IDS.branch)).toBe(true);
    }
  });

  it('leaves every foreign row and the other overlay untouched, in the same relative order', () => {
    const before = branchRouterTables();
    const { after } = deploy(branchState, before);
    expect(foreignRows(after, PEER_IDS.branch)).toEqual(foreignRows(before, PEER_IDS.branch));
  });

  it('is idempotent: planning again after applying yields no call', () => {
    const { after } = deploy(branchState, branchRouterTables());
    expect(planRouterOsChanges(after, toRouterOsResources(branchState))).toEqual([]);
    const hub = deploy(hubState, branchRouterTables()).after;
    expect(planRouterOsChanges(hub, toRouterOsResources(hubState))).toEqual([]);
  });

  it('places new filter rules before the first foreign drop in forward, keeping their order', () => {
    const { calls, after } = deploy(branchState, branchRouterTables());
    const filterPuts = calls.filter((call) => call.change.menu === '/ip/firewall/filter');
    expect(filterPuts.map((call) => call.body?.['place-before'])).toEqual(filterPuts.map(() => FOREIGN_IDS.forwardDropInvalid));
    const forward = (after['/ip/firewall/filter'] ?? []).filter((row) => row['chain'] === 'forward').map((row) => row['comment']);
    const dropAt = forward.indexOf('defconf: drop invalid');
    const ours = ['wan-to-local', 'local-to-wan', 'service-in', 'service-out'].map((key) => managedComment(PEER_IDS.branch, `filter:${key}`));
    expect(forward.slice(dropAt - ours.length, dropAt)).toEqual(ours);
  });

  it('places new NAT rules before the first foreign, non-dynamic rule of their chain', () => {
    const { calls, after } = deploy(branchState, branchRouterTables());
    for (const call of calls.filter((candidate) => candidate.change.menu === '/ip/firewall/nat')) {
      const anchor = call.body?.['chain'] === 'dstnat' ? FOREIGN_IDS.dstnatPortForward : FOREIGN_IDS.srcnatMasquerade;
      expect(call.body?.['place-before']).toBe(anchor);
    }
    const srcnat = (after['/ip/firewall/nat'] ?? []).filter((row) => row['chain'] === 'srcnat');
    expect(srcnat[srcnat.length - 1]?.['comment']).toBe('defconf: masquerade');
  });

  it('appends rules when the chain has no foreign anchor, and never sends place-before elsewhere', () => {
    const calls = planRouterOsChanges({}, toRouterOsResources(branchState));
    expect(calls.some((call) => call.body && 'place-before' in call.body)).toBe(false);
  });
});

describe('planRouterOsChanges after a change of desired state', () => {
  const deployed = (): CurrentRows => deploy(branchState, branchRouterTables()).after;

  it('PATCHes only the differing fields when the hub changes its key and loses its endpoint', () => {
    const hub = branchState.peers[0]!;
    const changed = branchWith({ peers: [{ ...hub, publicKey: FIXTURE_KEYS.laptop.publicKey, endpoint: null, persistentKeepalive: null }] });
    const tables = deployed();
    const calls = planRouterOsChanges(tables, toRouterOsResources(changed));
    const peerRow = rowOf(tables, '/interface/wireguard/peers', PEER_IDS.branch, `peer:${PEER_IDS.hub}`);
    expect(calls).toEqual([
      {
        method: 'PATCH',
        path: `/rest/interface/wireguard/peers/${peerRow['.id']}`,
        // Fields no longer set are written back to their RouterOS defaults.
        body: { 'public-key': FIXTURE_KEYS.laptop.publicKey, 'endpoint-address': '', 'endpoint-port': '0', 'persistent-keepalive': '0s' },
        change: expect.objectContaining({
          kind: 'update',
          key: `peer:${PEER_IDS.hub}`,
          fields: [
            { field: 'public-key', from: FIXTURE_KEYS.hub.publicKey, to: FIXTURE_KEYS.laptop.publicKey },
            { field: 'endpoint-address', from: 'vpn.example.net', to: '' },
            { field: 'endpoint-port', from: '51820', to: '0' },
            { field: 'persistent-keepalive', from: '25', to: '0s' },
          ],
        }),
      },
    ]);
    const after = applyCallsToRows(tables, calls);
    expect(planRouterOsChanges(after, toRouterOsResources(changed))).toEqual([]);
  });

  it('ignores read-back differences: allowed addresses reordered, read-only counters, /32 spelt out', () => {
    const tables = deployed();
    const peers = (tables['/interface/wireguard/peers'] ?? []).map((row) =>
      isManagedByPeer(row['comment'], PEER_IDS.branch)
        ? { ...row, 'allowed-address': '192.168.50.0/24,10.0.5.0/24,10.0.0.0/24', rx: '999', 'last-handshake': '3s', 'current-endpoint-address': '198.51.100.1' }
        : row,
    );
    expect(planRouterOsChanges({ ...tables, '/interface/wireguard/peers': peers }, toRouterOsResources(branchState))).toEqual([]);
  });

  it('re-enables a managed row someone disabled', () => {
    const tables = deployed();
    const route = rowOf(tables, '/ip/route', PEER_IDS.branch, 'route:10.0.5.0/24');
    const routes = (tables['/ip/route'] ?? []).map((row) => (row === route ? { ...row, disabled: 'true' } : row));
    const calls = planRouterOsChanges({ ...tables, '/ip/route': routes }, toRouterOsResources(branchState));
    expect(calls.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      { method: 'PATCH', path: `/rest/ip/route/${route['.id']}`, body: { disabled: 'no' } },
    ]);
  });

  it('deletes a removed remote peer, and only it', () => {
    const tables = deploy(hubState, branchRouterTables()).after;
    const withoutLaptop = { ...hubState, peers: hubState.peers.filter((peer) => peer.peerId !== PEER_IDS.laptop) };
    const laptopRow = rowOf(tables, '/interface/wireguard/peers', PEER_IDS.hub, `peer:${PEER_IDS.laptop}`);
    const calls = planRouterOsChanges(tables, toRouterOsResources(withoutLaptop));
    expect(calls).toEqual([
      {
        method: 'DELETE',
        path: `/rest/interface/wireguard/peers/${laptopRow['.id']}`,
        change: expect.objectContaining({
          kind: 'delete',
          key: null,
          comment: managedComment(PEER_IDS.hub, `peer:${PEER_IDS.laptop}`),
          fields: expect.arrayContaining([{ field: 'allowed-address', from: '10.0.0.3/32', to: null }]),
        }),
      },
    ]);
    expect(calls[0]?.change.fields?.map((field) => field.field)).not.toContain('rx');
  });

  it('deletes a replaced remote before creating its successor, so allowed addresses never overlap', () => {
    const tables = deploy(hubState, branchRouterTables()).after;
    const branch = hubState.peers[0]!;
    const replaced = { ...hubState, peers: [{ ...branch, peerId: 'replacement-branch', publicKey: FIXTURE_KEYS.hub.publicKey }, hubState.peers[1]!] };
    const calls = planRouterOsChanges(tables, toRouterOsResources(replaced));
    expect(calls.map((call) => `${call.method} ${call.change.menu}`)).toEqual(['DELETE /interface/wireguard/peers', 'PUT /interface/wireguard/peers']);
    const after = applyCallsToRows(tables, calls);
    expect(planRouterOsChanges(after, toRouterOsResources(replaced))).toEqual([]);
    // The emulator refuses overlap, so the order above is what makes the deploy succeed.
    expect(() => applyCallsToRows(tables, [...calls].reverse())).toThrow(/overlaps/);
  });

  it('orders stale deletes NAT first and interface last when a whole config goes away', () => {
    const tables = deployed();
    const calls = planRouterOsChanges(tables, [], { peerId: PEER_IDS.branch });
    expect(calls.every((call) => call.method === 'DELETE')).toBe(true);
    const menus = calls.map((call) => ROUTEROS_MENUS.indexOf(call.change.menu));
    expect(menus).toEqual([...menus].sort((a, b) => b - a));
    expect(foreignRows(applyCallsToRows(tables, calls), PEER_IDS.branch)).toEqual(foreignRows(tables, PEER_IDS.branch));
    expect(Object.values(applyCallsToRows(tables, calls)).flat().some((row) => isManagedByPeer(row['comment'], PEER_IDS.branch))).toBe(false);
  });

  it('moves our filter rule back above the first foreign drop when someone moved it below', () => {
    const tables = deployed();
    const relayed = rowOf(tables, '/ip/firewall/filter', PEER_IDS.branch, 'filter:local-to-wan');
    const filter = [...(tables['/ip/firewall/filter'] ?? [])].filter((row) => row !== relayed);
    filter.push(relayed);
    const moved = { ...tables, '/ip/firewall/filter': filter };
    const calls = planRouterOsChanges(moved, toRouterOsResources(branchState));
    expect(calls).toEqual([
      {
        method: 'POST',
        path: '/rest/ip/firewall/filter/move',
        body: { numbers: relayed['.id'], destination: FOREIGN_IDS.forwardDropInvalid },
        change: expect.objectContaining({ kind: 'move', key: 'filter:local-to-wan' }),
      },
    ]);
    expect(planRouterOsChanges(applyCallsToRows(moved, calls), toRouterOsResources(branchState))).toEqual([]);
  });

  it('never moves NAT rules: another overlay on the router would move its own above ours again', () => {
    const tables = deployed();
    const nat = tables['/ip/firewall/nat'] ?? [];
    const reordered = { ...tables, '/ip/firewall/nat': [...nat].reverse() };
    expect(planRouterOsChanges(reordered, toRouterOsResources(branchState))).toEqual([]);
  });

  it('deletes a duplicate of one of our rows and keeps the first', () => {
    const tables = deployed();
    const route = rowOf(tables, '/ip/route', PEER_IDS.branch, 'route:10.0.5.0/24');
    const withCopy = { ...tables, '/ip/route': [...(tables['/ip/route'] ?? []), { ...route, '.id': '*FFF' }] };
    const calls = planRouterOsChanges(withCopy, toRouterOsResources(branchState));
    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual(['DELETE /rest/ip/route/*FFF']);
  });

  it('creates the new rows of a published service before the foreign anchor, leaving the rest alone', () => {
    const tables = deployed();
    const service = { ...branchState.serviceNat[0]!, serviceId: 'svc-web', name: 'web', protocols: ['tcp' as const], sharedPort: 80, localPort: 8080 };
    const changed = branchWith({ serviceNat: [...branchState.serviceNat, service] });
    const calls = planRouterOsChanges(tables, toRouterOsResources(changed));
    expect(calls.map((call) => `${call.method} ${call.change.key} ${call.body?.['place-before'] ?? ''}`)).toEqual([
      `PUT nat:service:svc-web:tcp ${FOREIGN_IDS.dstnatPortForward}`,
      `PUT nat:service-snat:svc-web ${FOREIGN_IDS.srcnatMasquerade}`,
    ]);
  });
});

describe('planRouterOsChanges secrets and guards', () => {
  it('does not rewrite a private key it cannot read, and redacts keys in previews', () => {
    const rows = toRouterOsResources(branchState, { privateKey: FIXTURE_KEYS.branch.privateKey });
    const calls = planRouterOsChanges(branchRouterTables(), rows);
    const create = calls.find((call) => call.change.key === 'interface');
    expect(create?.body?.['private-key']).toBe(FIXTURE_KEYS.branch.privateKey);
    expect(create?.change.fields).toContainEqual({ field: 'private-key', from: null, to: '(secret)' });
    const after = applyCallsToRows(branchRouterTables(), calls);
    expect(rowOf(after, '/interface/wireguard', PEER_IDS.branch, 'interface')['private-key']).toBe('*****');
    expect(planRouterOsChanges(after, rows)).toEqual([]);
    // A user with the `sensitive` policy reads the real key, here one that differs.
    const iface = (after['/interface/wireguard'] ?? []).map((row) =>
      isManagedByPeer(row['comment'], PEER_IDS.branch) ? { ...row, 'private-key': FIXTURE_KEYS.hub.privateKey } : row,
    );
    const patch = planRouterOsChanges({ ...after, '/interface/wireguard': iface }, rows);
    expect(patch.map((call) => call.change.fields)).toEqual([[{ field: 'private-key', from: '(secret)', to: '(secret)' }]]);
  });

  it('needs a peer id to plan an empty configuration, and refuses rows of two peers at once', () => {
    const planInput = (message: RegExp) => expect.objectContaining({ code: 'ROUTEROS.PLAN_INPUT', message: expect.stringMatching(message) });
    expect(() => planRouterOsChanges({}, [])).toThrow(planInput(/options\.peerId/));
    const mixed = [...toRouterOsResources(branchState), ...toRouterOsResources(hubState)];
    expect(() => planRouterOsChanges({}, mixed)).toThrow(planInput(/plan one peer at a time/));
    expect(() => planRouterOsChanges({}, toRouterOsResources(branchState), { peerId: OTHER_OVERLAY_PEER_ID })).toThrow(
      planInput(/plan one peer at a time/),
    );
  });

  it('refuses a managed row read without its .id', () => {
    const tables = deploy(branchState, {}).after;
    const routes = (tables['/ip/route'] ?? []).map(({ '.id': _id, ...row }) => row);
    expect(() => planRouterOsChanges({ ...tables, '/ip/route': routes }, toRouterOsResources(branchState))).toThrow(
      expect.objectContaining({ code: 'ROUTEROS.ROW_WITHOUT_ID', details: expect.objectContaining({ menu: '/ip/route' }), message: expect.stringMatching(/without "\.id"/) }),
    );
  });
});
