import { Harness } from '../__fixtures__/harness';
import { loadBranchOfficeScenario } from './scenarios';

const harness = new Harness();
afterAll(() => harness.close());

const ADMIN = `Basic ${Buffer.from('admin:').toString('base64')}`;

async function raw(url: string, method: string, path: string, body?: string, authorization = ADMIN): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}${path}`, { method, headers: { authorization }, ...(body === undefined ? {} : { body }) });
  return { status: response.status, text: await response.text() };
}

describe('RouterOsEmulator', () => {
  it('runs many routers in one process, one port and one state each', async () => {
    const a = await harness.emulator.addRouter('hq', { identity: 'hq-core' });
    const b = await harness.emulator.addRouter('branch');
    expect(a.port).not.toBe(b.port);
    expect(harness.emulator.router('hq')).toBe(a);
    await expect(harness.emulator.addRouter('hq')).rejects.toThrow(/already exists/);
    expect(() => harness.emulator.router('nope')).toThrow(/no emulated router/);
    await harness.client(a).create('/ip/firewall/address-list', { list: 'x', address: '10.0.0.1' });
    expect(await harness.client(b).list('/ip/firewall/address-list')).toEqual([]);
    expect(await harness.client(a).identity()).toBe('hq-core');
    expect(harness.emulator.list()).toEqual(expect.arrayContaining([a, b]));
  });

  it('answers in RouterOS wire form: 401 body, 404 without detail, HEAD 501, non-REST paths 404', async () => {
    const router = await harness.router();
    expect(await raw(router.url, 'GET', '/rest/system/identity', undefined, 'Basic Zm9vOmJhcg==')).toEqual({ status: 401, text: '{"error":401,"message":"Unauthorized"}' });
    expect(await raw(router.url, 'GET', '/rest/system/identity', undefined, 'Bearer token')).toMatchObject({ status: 401 });
    expect(await raw(router.url, 'GET', '/rest/ip/address/*99')).toEqual({ status: 404, text: '{"error":404,"message":"Not Found"}' });
    expect((await raw(router.url, 'HEAD', '/rest/ip/address')).status).toBe(501);
    expect((await raw(router.url, 'GET', '/webfig/')).status).toBe(404);
    expect(await raw(router.url, 'PUT', '/rest/ip/address', '{not json')).toEqual({ status: 400, text: '{"detail":"JSON parse error","error":400,"message":"Bad Request"}' });
    expect((await raw(router.url, 'PUT', '/rest/ip/address/*1', '{}')).status).toBe(400);
    expect((await raw(router.url, 'PATCH', '/rest/ip/address/*99', '{}')).status).toBe(404);
    const created = await raw(router.url, 'PUT', '/rest/ip/address', '{"address":"10.0.0.1/24","interface":"ether1","comment":""}');
    expect(created.status).toBe(201);
    // Ids come from one counter shared by every menu, users and groups included.
    expect(created.text).toBe('{".id":"*C","actual-interface":"ether1","address":"10.0.0.1/24","disabled":"false","dynamic":"false","interface":"ether1","invalid":"false","network":"10.0.0.0"}');
    expect(await raw(router.url, 'DELETE', '/rest/ip/address/*C')).toEqual({ status: 204, text: '' });
  });

  it('handles set by name, move to the end, place-before on a missing row and numbers lists', async () => {
    const router = await harness.router();
    const client = harness.client(router);
    await client.command('/interface/set', { numbers: 'ether2', comment: 'uplink', mtu: '1600' });
    expect(await client.get('/interface', 'ether2')).toEqual(expect.objectContaining({ comment: 'uplink', mtu: '1600', running: 'true' }));
    await expect(client.command('/interface/set', { numbers: 'ether2', 'place-before': '*1' })).rejects.toMatchObject({ detail: 'unknown parameter place-before' });
    await expect(client.create('/queue/simple', { name: 'q', target: '10.0.0.0/24' }, { placeBefore: '*999' })).rejects.toMatchObject({ code: 'ROUTEROS.INVALID_VALUE' });
    const q1 = await client.create('/queue/simple', { name: 'q1', target: '10.0.0.1' });
    await expect(client.create('/queue/simple', { name: 'q1', target: '10.0.0.2' })).rejects.toMatchObject({ code: 'ROUTEROS.ALREADY_EXISTS' });
    const q2 = await client.create('/queue/simple', { name: 'q2', target: '10.0.0.2' });
    const q3 = await client.create('/queue/simple', { name: 'q3', target: '10.0.0.3' });
    await client.command('/queue/simple/move', { numbers: `${q1['.id']},${q2['.id']}` });
    expect((await client.list('/queue/simple')).map((row) => row['name'])).toEqual(['q3', 'q1', 'q2']);
    await client.command('/queue/simple/move', { numbers: q2['.id'], destination: q3['.id'] });
    expect((await client.list('/queue/simple')).map((row) => row['name'])).toEqual(['q2', 'q3', 'q1']);
    await client.command('/queue/simple/remove', { numbers: `${q1['.id']},${q3['.id']}` });
    expect((await client.list('/queue/simple')).map((row) => row['name'])).toEqual(['q2']);
    await expect(client.create('/ip/address', { address: 'nonsense', interface: 'ether1' })).rejects.toMatchObject({ code: 'ROUTEROS.INVALID_VALUE' });
    await expect(client.create('/ip/address', { address: '10.0.0.1/24', interface: 'nope' })).rejects.toMatchObject({ code: 'ROUTEROS.INVALID_VALUE' });
    await client.create('/ip/address', { address: '10.0.0.1/24', interface: 'ether1' });
    await expect(client.create('/ip/address', { address: '10.0.0.1/24', interface: 'ether1' })).rejects.toMatchObject({ code: 'ROUTEROS.ALREADY_EXISTS' });
    await expect(client.create('/ip/route', { 'dst-address': 'x', gateway: 'ether1' })).rejects.toMatchObject({ code: 'ROUTEROS.INVALID_VALUE' });
    await expect(client.create('/interface/wireguard', { name: 'wg', 'private-key': 'short' })).rejects.toMatchObject({ code: 'ROUTEROS.INVALID_VALUE' });
    await expect(client.create('/interface/wireguard', { name: ['array'] as unknown as string })).rejects.toMatchObject({ code: 'ROUTEROS.INVALID_VALUE' });
    await expect(client.create('/interface/wireguard/peers', { interface: 'wg', 'public-key': 'k', 'allowed-address': '1.2.3.4/40' })).rejects.toMatchObject({ code: 'ROUTEROS.INVALID_VALUE' });
    await expect(client.command('/execute', {})).rejects.toMatchObject({ detail: 'missing =script=' });
    await expect(client.command('/ping', { count: '1' })).rejects.toMatchObject({ detail: 'missing =address=' });
    await expect(client.command('/ping', { address: '10.0.0.1', count: '0' })).rejects.toMatchObject({ code: 'ROUTEROS.INVALID_VALUE' });
    await expect(client.create('/log', { message: 'x' })).rejects.toMatchObject({ status: 406 });
  });

  it('loads a realistic scenario whose snapshot is a deep copy in list order', async () => {
    const router = await harness.router();
    const scenario = loadBranchOfficeScenario(router.state);
    const snapshot = router.snapshot();
    expect(snapshot['/ip/firewall/filter']?.map((row) => row['.id'])).toEqual(['*20', '*21', '*22', '*23', '*24', '*25', '*26', '*27', '*28', '*29', '*2A']);
    expect(snapshot['/ip/firewall/filter']?.at(-1)).toEqual(expect.objectContaining({ '.id': scenario.forwardDropWan, action: 'drop', chain: 'forward' }));
    expect(snapshot['/interface']?.map((row) => row['name'])).toContain('wg-roadwarrior');
    expect(snapshot['/interface/wireguard']?.[0]?.['public-key']).toBe(scenario.roadwarriorPublicKey);
    snapshot['/ip/route']?.splice(0, 1);
    expect(router.snapshot()['/ip/route']).toHaveLength(3);
    // New rows get ids above every scenario id, never one already used.
    const created = await harness.client(router).create('/ip/route', { 'dst-address': '10.7.0.0/16', gateway: '192.168.88.1' });
    expect(created['.id']).toBe('*43');
  });
});
