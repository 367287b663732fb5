import { Harness } from '../__fixtures__/harness';

const harness = new Harness();
afterAll(() => harness.close());

const WG = '/interface/wireguard';
const PEERS = '/interface/wireguard/peers';
const FILTER = '/ip/firewall/filter';
const PUBLIC_KEY = 'iEcaYUVKq51Sdt7uMulPVv7fDRI4PiOuHwM8DAzNOxg=';
const OPERATOR_KEY = 'kMtI/sX+c43uH8Xw2J64i9KH4heGLOAmQkPiA/7HgUU=';

describe('RouterOsClient CRUD against the emulator', () => {
  it('creates (201 + full object), reads, updates and deletes with string values', async () => {
    const router = await harness.router();
    const client = harness.client(router);
    const created = await client.create(WG, { name: 'wg1', 'listen-port': 13300, disabled: 'no', comment: 'test' });
    expect(created).toEqual(expect.objectContaining({ '.id': expect.stringMatching(/^\*[0-9A-F]+$/), name: 'wg1', 'listen-port': '13300', mtu: '1420', disabled: 'false', running: 'true' }));
    expect(Object.values(created).every((value) => typeof value === 'string')).toBe(true);
    expect(router.calls.at(-1)).toEqual(expect.objectContaining({ method: 'PUT', status: 201 }));

    expect(await client.get(WG, created['.id']!)).toEqual(created);
    expect(await client.get(WG, 'wg1')).toEqual(created);
    const updated = await client.update(WG, created['.id']!, { mtu: '1400', disabled: 'yes', '!comment': '' });
    expect(updated).toEqual(expect.objectContaining({ mtu: '1400', disabled: 'true', running: 'false' }));
    expect(updated).not.toHaveProperty('comment');

    await client.remove(WG, created['.id']!);
    expect(router.calls.at(-1)).toEqual(expect.objectContaining({ method: 'DELETE', status: 204 }));
    await expect(client.get(WG, created['.id']!)).rejects.toMatchObject({ code: 'ROUTEROS.NOT_FOUND', status: 404 });
    await expect(client.remove(WG, created['.id']!)).rejects.toMatchObject({ code: 'ROUTEROS.NOT_FOUND' });
    // Ids are never reused.
    expect((await client.create(WG, { name: 'wg2' }))['.id']).not.toBe(created['.id']);
  });

  it('lets the router generate the WireGuard key, and masks it for users without `sensitive`', async () => {
    const router = await harness.router({
      users: [
        { name: 'admin', password: 'pw', policies: ['read', 'write', 'api', 'rest-api', 'sensitive'] },
        { name: 'deploy', password: 'pw', policies: ['read', 'write', 'api', 'rest-api', 'test'] },
      ],
    });
    const admin = harness.client(router, { username: 'admin', password: 'pw' });
    const deploy = harness.client(router, { username: 'deploy', password: 'pw' });
    const generated = await deploy.create(WG, { name: 'wg-gen' });
    expect(generated['private-key']).toBe('*****');
    expect(generated['public-key']).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    const seenByAdmin = await admin.get(WG, 'wg-gen');
    expect(seenByAdmin['private-key']).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(seenByAdmin['public-key']).toBe(generated['public-key']);

    const given = await admin.create(WG, { name: 'wg-op', 'private-key': OPERATOR_KEY });
    expect(given['public-key']).toBe(PUBLIC_KEY);
    const peer = await deploy.create(PEERS, { interface: 'wg-op', 'public-key': PUBLIC_KEY, 'allowed-address': '10.0.0.0/24', 'preshared-key': OPERATOR_KEY, 'persistent-keepalive': '25' });
    expect(peer).toEqual(expect.objectContaining({ 'preshared-key': '*****', 'persistent-keepalive': '25s', rx: '0', tx: '0', 'endpoint-port': '0' }));
  });

  it('filters with ?k=v (type-aware), .id and .proplist (always with .id)', async () => {
    const router = await harness.router();
    const client = harness.client(router);
    const a = await client.create('/ip/address', { address: '10.1.0.1/24', interface: 'ether2' });
    await client.create('/ip/address', { address: '10.2.0.1', interface: 'ether3', disabled: 'yes' });
    expect(a).toEqual(expect.objectContaining({ network: '10.1.0.0', 'actual-interface': 'ether2', dynamic: 'false', invalid: 'false' }));
    expect(await client.list('/ip/address', { filter: { disabled: 'no' }, proplist: ['address'] })).toEqual([{ '.id': a['.id'], address: '10.1.0.1/24' }]);
    expect(await client.list('/ip/address', { filter: { disabled: 'true' }, proplist: ['address', 'nonexistent'] })).toEqual([
      { '.id': expect.any(String), address: '10.2.0.1/32' },
    ]);
    expect(await client.list('/ip/address', { filter: { '.id': a['.id']! } })).toHaveLength(1);
    expect(await client.list('/ip/address', { filter: { '.id': '*FFFF' } })).toEqual([]);
  });

  it('prints with .query stack semantics, .proplist and count-only', async () => {
    const router = await harness.router();
    const client = harness.client(router);
    const interfaces = await client.print('/interface', { proplist: ['name', 'type'], query: ['type=ether', 'type=bridge', '#|'] });
    expect(interfaces.map((row) => row['name'])).toEqual(['ether1', 'ether2', 'ether3', 'ether4', 'ether5', 'bridge']);
    expect(interfaces[0]).toEqual({ name: 'ether1', type: 'ether' });
    expect((await client.print('/interface', { query: ['name=ether1', '#!'] })).length).toBe(5);
    expect(await client.count('/interface', ['type=ether', 'name=ether2', '#&'])).toBe(1);
    expect(await client.count('/interface', ['comment'])).toBe(0);
    expect(await client.count('/interface', ['-comment'])).toBe(6);
    expect(await client.count('/interface')).toBe(6);
    await client.create('/queue/simple', { name: 'q1', target: '10.0.0.1/32', priority: '3/3' });
    await client.create('/queue/simple', { name: 'q2', target: '10.0.0.2/32', priority: '7/7' });
    expect(await client.count('/ip/route', ['<distance=5'])).toBe(0);
    await client.create('/ip/route', { 'dst-address': '10.9.0.0/16', gateway: '10.0.0.1', distance: '3' });
    await client.create('/ip/route', { 'dst-address': '10.8.0.0/16', gateway: '10.0.0.1', distance: '12' });
    expect((await client.print('/ip/route', { query: ['<distance=5'], proplist: ['dst-address'] }))).toEqual([{ 'dst-address': '10.9.0.0/16' }]);
    expect((await client.print('/ip/route', { query: ['>distance=5'], proplist: ['dst-address'] }))).toEqual([{ 'dst-address': '10.8.0.0/16' }]);
  });

  it('places before on create only, and move puts rows before the destination', async () => {
    const router = await harness.router();
    const client = harness.client(router);
    const drop = await client.create(FILTER, { chain: 'forward', action: 'drop' });
    const accept = await client.create(FILTER, { chain: 'forward', 'in-interface': 'ether2', comment: 'ours' }, { placeBefore: drop['.id']! });
    const order = async (): Promise<string[]> => (await client.list(FILTER)).map((row) => row['.id'] ?? '');
    expect(await order()).toEqual([accept['.id'], drop['.id']]);
    expect(accept).not.toHaveProperty('disabled');
    expect(accept).toEqual(expect.objectContaining({ action: 'accept', bytes: '0', packets: '0', log: 'false' }));

    await expect(client.update(FILTER, accept['.id']!, { 'place-before': drop['.id']! })).rejects.toMatchObject({
      code: 'ROUTEROS.INCOMPATIBLE_VERSION',
      status: 400,
      detail: 'unknown parameter place-before',
    });
    await client.command(`${FILTER}/move`, { numbers: drop['.id'], destination: accept['.id'] });
    expect(await order()).toEqual([drop['.id'], accept['.id']]);
    await client.command(`${FILTER}/move`, { '.id': drop['.id'] });
    expect(await order()).toEqual([accept['.id'], drop['.id']]);
  });

  it('answers POST add/set/remove like the binary API', async () => {
    const router = await harness.router();
    const client = harness.client(router);
    const { ret } = await client.command<{ ret: string }>('/ip/firewall/address-list/add', { list: 'x', address: '10.0.0.1/32' });
    expect(ret).toMatch(/^\*[0-9A-F]+$/);
    expect(await client.get('/ip/firewall/address-list', ret)).toEqual(expect.objectContaining({ address: '10.0.0.1' }));
    expect(await client.command('/ip/firewall/address-list/set', { '.id': ret, comment: 'c' })).toEqual([]);
    expect(await client.command('/system/identity/set', { name: 'branch-7' })).toEqual([]);
    expect(await client.identity()).toBe('branch-7');
    expect(await client.command('/ip/firewall/address-list/remove', { numbers: ret })).toEqual([]);
    expect(await client.list('/ip/firewall/address-list')).toEqual([]);
  });
});
