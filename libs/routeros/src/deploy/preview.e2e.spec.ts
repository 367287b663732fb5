import { Harness } from '../__fixtures__/harness';
import { branchOverlay, branchOverlayReshaped, branchOverlayUpdated, fixtureKeys } from '../__fixtures__/overlay-states';
import { loadBranchOfficeScenario } from '../emulator';
import { previewDeployment, runDeployment } from './engine.api';

const harness = new Harness();
afterAll(() => harness.close());

describe('previewDeployment', () => {
  it('lists every row to create with its fields and the exact calls, and only reads', async () => {
    const router = await harness.router();
    const scenario = loadBranchOfficeScenario(router.state);
    const key = fixtureKeys(11);
    const preview = await previewDeployment(harness.client(router), branchOverlay, { privateKey: key.privateKey });

    expect(router.calls.every((call) => call.method === 'GET')).toBe(true);
    expect(router.writeCalls()).toEqual([]);
    expect(preview.summary).toEqual({ create: preview.calls.length, update: 0, delete: 0, move: 0, unchanged: 0 });
    expect(preview.menus.map((menu) => menu.menu)).toEqual([
      '/interface/wireguard',
      '/interface/wireguard/peers',
      '/ip/address',
      '/ip/route',
      '/ip/firewall/address-list',
      '/ip/firewall/filter',
    ]);
    const iface = preview.menus[0]?.rows[0];
    expect(iface).toMatchObject({ kind: 'create', key: 'interface', label: 'WireGuard interface wg-wan-overlay' });
    expect(iface?.fields).toEqual([
      { field: 'name', current: null, desired: 'wg-wan-overlay' },
      { field: 'listen-port', current: null, desired: '13231' },
      { field: 'mtu', current: null, desired: '1420' },
      { field: 'private-key', current: null, desired: '(secret)' },
    ]);
    expect(preview.calls[0]).toEqual({
      method: 'PUT',
      path: '/rest/interface/wireguard',
      body: { name: 'wg-wan-overlay', 'listen-port': '13231', mtu: '1420', 'private-key': '(redacted)', comment: iface?.comment },
      kind: 'create',
      menu: '/interface/wireguard',
      comment: iface?.comment,
      label: 'WireGuard interface wg-wan-overlay',
    });
    expect(JSON.stringify(preview)).not.toContain(key.privateKey);
    // Filter rules go in ahead of the forward chain's first foreign drop.
    const filterCalls = preview.calls.filter((call) => call.menu === '/ip/firewall/filter');
    expect(filterCalls.map((call) => call.body?.['place-before'])).toEqual([scenario.forwardDropInvalid, scenario.forwardDropInvalid]);
  });

  it('shows updates field by field, deletes with their old values, and unchanged rows', async () => {
    const router = await harness.router();
    loadBranchOfficeScenario(router.state);
    const client = harness.client(router);
    await runDeployment(client, branchOverlayUpdated);
    const writes = router.writeCalls().length;
    const preview = await previewDeployment(client, branchOverlayReshaped);
    expect(router.writeCalls().length).toBe(writes);

    const rows = preview.menus.flatMap((menu) => menu.rows);
    expect(preview.summary).toMatchObject({ create: 1, update: 1, delete: 6 });
    expect(preview.summary.unchanged).toBeGreaterThan(5);
    expect(rows.find((row) => row.kind === 'update')).toMatchObject({
      menu: '/interface/wireguard/peers',
      fields: [{ field: 'persistent-keepalive', current: '15s', desired: '25s' }],
    });
    expect(rows.filter((row) => row.kind === 'delete').map((row) => row.menu)).toEqual([
      '/interface/wireguard/peers',
      '/ip/route',
      '/ip/firewall/filter',
      '/ip/firewall/filter',
      '/ip/firewall/nat',
      '/ip/firewall/nat',
    ]);
    expect(rows.find((row) => row.kind === 'delete' && row.menu === '/ip/route')?.fields).toContainEqual({ field: 'dst-address', current: '192.168.104.0/24', desired: null });
    expect(rows.find((row) => row.kind === 'unchanged' && row.key === 'interface')?.fields).toContainEqual({ field: 'name', current: 'wg-wan-overlay', desired: 'wg-wan-overlay' });
    // Deletes first (NAT first, interface last), then per menu in dependency order.
    expect(preview.calls.map((call) => call.method)).toEqual(['DELETE', 'DELETE', 'DELETE', 'DELETE', 'DELETE', 'DELETE', 'PATCH', 'PUT']);
    expect(preview.calls.slice(0, 6).map((call) => call.menu)).toEqual([
      '/ip/firewall/nat',
      '/ip/firewall/nat',
      '/ip/firewall/filter',
      '/ip/firewall/filter',
      '/ip/route',
      '/interface/wireguard/peers',
    ]);
  });

  it('shows a filter rule moved below a foreign drop as a move', async () => {
    const router = await harness.router();
    loadBranchOfficeScenario(router.state);
    const client = harness.client(router);
    await runDeployment(client, branchOverlay);
    const ours = router.snapshot()['/ip/firewall/filter']?.find((row) => row['comment']?.startsWith('WAN-Overlay-Manager:'));
    await client.command('/ip/firewall/filter/move', { numbers: ours?.['.id'] });
    const preview = await previewDeployment(client, branchOverlay);
    expect(preview.summary.move).toBe(1);
    const move = preview.menus.flatMap((menu) => menu.rows).find((row) => row.kind === 'move');
    expect(move).toMatchObject({ menu: '/ip/firewall/filter', id: ours?.['.id'], fields: [{ field: 'position', current: String((router.snapshot()['/ip/firewall/filter']?.length ?? 0) - 1) }] });
    expect(preview.calls).toEqual([expect.objectContaining({ method: 'POST', path: '/rest/ip/firewall/filter/move', kind: 'move' })]);
  });

  it('plans the removal of a whole config', async () => {
    const router = await harness.router();
    loadBranchOfficeScenario(router.state);
    const client = harness.client(router);
    await runDeployment(client, branchOverlay);
    const preview = await previewDeployment(client, { peerId: branchOverlay.peerId, removed: true });
    expect(preview.calls.every((call) => call.method === 'DELETE')).toBe(true);
    expect(preview.calls.at(-1)?.menu).toBe('/interface/wireguard');
    expect(preview.summary.delete).toBe(preview.calls.length);
  });
});
