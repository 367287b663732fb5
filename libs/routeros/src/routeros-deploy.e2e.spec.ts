import { isManagedComment, planRouterOsChanges, ROUTEROS_MENUS, toRouterOsResources } from '@wom/renderers';
// Renderer fixtures are test data, not part of @wom/renderers' public API.
import { branchState } from '../../renderers/src/__fixtures__/desired-states';
import { Harness } from './__fixtures__/harness';
import { executeApiCalls } from './client/api-call-executor';
import { readRouterTables } from './client/router-tables';
import { loadBranchOfficeScenario } from './emulator';
import type { Row } from './emulator';

const harness = new Harness();
afterAll(() => harness.close());

/** Every row no overlay config wrote, per menu, in order. */
function foreignRows(snapshot: Record<string, Row[]>): Record<string, Row[]> {
  return Object.fromEntries(Object.entries(snapshot).map(([menu, rows]) => [menu, rows.filter((row) => !isManagedComment(row['comment']))]));
}

describe('deploying a rendered DesiredState to an emulated router over HTTP', () => {
  it('plans, applies, converges to zero calls, and leaves every foreign row byte-identical and in order', async () => {
    const router = await harness.router({ users: [{ name: 'wom', password: 'pw', policies: ['read', 'write', 'api', 'rest-api', 'test'] }] });
    const scenario = loadBranchOfficeScenario(router.state);
    const client = harness.client(router, { username: 'wom', password: 'pw' });
    const before = router.snapshot();
    delete before['/log'];

    const desired = toRouterOsResources(branchState);
    const calls = planRouterOsChanges(await readRouterTables(client), desired);
    expect(calls.length).toBe(desired.length);
    expect(calls.every((call) => call.method === 'PUT')).toBe(true);
    await executeApiCalls(client, calls);

    const after = await readRouterTables(client);
    expect(planRouterOsChanges(after, desired)).toEqual([]);

    const snapshot = router.snapshot();
    delete snapshot['/log'];
    const configMenus = ['/interface', '/interface/wireguard', '/interface/wireguard/peers', '/ip/address', '/ip/route', '/ip/firewall/address-list', '/ip/firewall/filter', '/ip/firewall/nat', '/queue/simple'];
    for (const menu of configMenus) expect({ menu, rows: foreignRows(snapshot)[menu] }).toEqual({ menu, rows: foreignRows(before)[menu] });

    // The router made its own key; it never left the router.
    const iface = (after['/interface/wireguard'] ?? []).find((row) => row['name'] === 'wg-wan-overlay');
    expect(iface?.['private-key']).toBe('*****');
    expect(iface?.['public-key']).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(router.calls.filter((call) => call.method === 'PUT').every((call) => !JSON.stringify(call.body).includes('private-key'))).toBe(true);

    // Our forward accepts sit ahead of the first foreign drop; srcnat/dstnat ahead of the foreign rules.
    const filter = snapshot['/ip/firewall/filter'] ?? [];
    const firstDrop = filter.findIndex((row) => row['.id'] === scenario.forwardDropInvalid);
    const ours = filter.map((row, index) => (isManagedComment(row['comment']) ? index : -1)).filter((index) => index >= 0);
    expect(ours.length).toBeGreaterThan(0);
    expect(Math.max(...ours)).toBeLessThan(firstDrop);
    const nat = snapshot['/ip/firewall/nat'] ?? [];
    expect(nat.findIndex((row) => isManagedComment(row['comment']))).toBeLessThan(nat.findIndex((row) => row['.id'] === scenario.srcnatMasquerade));

    // A second deploy writes nothing.
    const writesBefore = router.calls.filter((call) => call.method !== 'GET').length;
    await executeApiCalls(client, planRouterOsChanges(await readRouterTables(client), desired));
    expect(router.calls.filter((call) => call.method !== 'GET').length).toBe(writesBefore);
    expect(ROUTEROS_MENUS.every((menu) => menu in after)).toBe(true);
  });

  it('applies an update (keepalive, moved rule) and a removal, still leaving foreign rows alone', async () => {
    const router = await harness.router();
    loadBranchOfficeScenario(router.state);
    const client = harness.client(router);
    const desired = toRouterOsResources(branchState);
    await executeApiCalls(client, planRouterOsChanges(await readRouterTables(client), desired));
    const deployed = router.snapshot();

    const changed = toRouterOsResources({ ...branchState, peers: branchState.peers.map((peer) => ({ ...peer, persistentKeepalive: 15 })) });
    const ourRule = (deployed['/ip/firewall/filter'] ?? []).find((row) => isManagedComment(row['comment']));
    await client.command('/ip/firewall/filter/move', { numbers: ourRule?.['.id'] });
    const update = planRouterOsChanges(await readRouterTables(client), changed);
    expect(update.map((call) => `${call.method} ${call.change.kind}`).sort()).toEqual(['PATCH update', 'POST move']);
    await executeApiCalls(client, update);
    expect(planRouterOsChanges(await readRouterTables(client), changed)).toEqual([]);

    const removal = planRouterOsChanges(await readRouterTables(client), [], { peerId: branchState.peerId });
    expect(removal.every((call) => call.method === 'DELETE')).toBe(true);
    await executeApiCalls(client, removal);
    const final = router.snapshot();
    const withoutOurs = (snapshot: Record<string, Row[]>) => {
      const rows = foreignRows(snapshot);
      delete rows['/log'];
      return rows;
    };
    expect(withoutOurs(final)).toEqual(withoutOurs(deployed));
    expect(Object.entries(final).filter(([menu]) => menu !== '/log' && menu !== '/file').flatMap(([, rows]) => rows).some((row) => isManagedComment(row['comment']))).toBe(false);
  });
});
