import { Harness } from '../__fixtures__/harness';
import { isWriteRequest } from './faults';

const harness = new Harness();
afterAll(() => harness.close());

const ADMIN = `Basic ${Buffer.from('admin:').toString('base64')}`;

describe('emulated router conditions', () => {
  it('a RouterOS 6 router serves no /rest at all, whatever the credentials', async () => {
    const router = await harness.router({ version: '6.49.10 (long-term)' });
    for (const authorization of [ADMIN, 'Basic Zm9vOmJhcg==']) {
      const response = await fetch(`${router.url}/rest/system/resource`, { headers: { authorization } });
      expect(response.status).toBe(404);
    }
    expect((await harness.router({ version: '7.1beta4' })).state.restAvailable).toBe(true);
    expect((await harness.router({ version: 'garbage' })).state.restAvailable).toBe(false);
  });

  it('wireguardDown leaves created interfaces not running; otherwise they run unless disabled', async () => {
    const down = await harness.router({ wireguardDown: true });
    const up = await harness.router();
    for (const router of [down, up]) await harness.client(router).create('/interface/wireguard', { name: 'wg1' });
    expect((await harness.client(down).get('/interface/wireguard', 'wg1'))['running']).toBe('false');
    expect((await harness.client(up).get('/interface/wireguard', 'wg1'))['running']).toBe('true');
    await harness.client(up).update('/interface/wireguard', 'wg1', { disabled: 'yes' });
    expect((await harness.client(up).get('/interface/wireguard', 'wg1'))['running']).toBe('false');
  });

  it('records peer traffic as the read-only fields RouterOS shows', async () => {
    const router = await harness.router();
    const client = harness.client(router);
    const wg = await client.create('/interface/wireguard', { name: 'wg1' });
    const peerKey = wg['public-key'] ?? '';
    await client.create('/interface/wireguard/peers', { interface: 'wg1', 'public-key': peerKey, 'allowed-address': '10.1.0.2/32' });
    expect(router.state.recordPeerTraffic('no-such-key', { lastHandshake: '1s', rx: 1, tx: 1 })).toBe(0);
    expect(router.state.recordPeerTraffic(peerKey, { lastHandshake: '14s', rx: 8395000, tx: 58834536, endpoint: { address: '172.19.120.142', port: 51209 } })).toBe(1);
    expect((await client.list('/interface/wireguard/peers'))[0]).toMatchObject({
      'last-handshake': '14s',
      rx: '8395000',
      tx: '58834536',
      'current-endpoint-address': '172.19.120.142',
      'current-endpoint-port': '51209',
    });
  });

  it('counts only state-changing calls as writes, and write faults skip reads', async () => {
    expect(['PUT', 'PATCH', 'DELETE'].every((method) => isWriteRequest(method, '/rest/ip/route'))).toBe(true);
    expect(isWriteRequest('POST', '/rest/ip/firewall/filter/move')).toBe(true);
    expect(isWriteRequest('POST', '/rest/ip/route/print')).toBe(false);
    expect(isWriteRequest('POST', '/rest/ping')).toBe(false);
    expect(isWriteRequest('GET', '/rest/ip/route')).toBe(false);

    const router = await harness.router();
    const client = harness.client(router);
    router.injectFault({ match: { writes: true }, nth: 2, fault: { status: 500 } });
    await client.list('/ip/route');
    await client.create('/ip/route', { 'dst-address': '10.9.0.0/24', gateway: 'ether1' });
    await client.list('/ip/route');
    await expect(client.create('/ip/route', { 'dst-address': '10.9.1.0/24', gateway: 'ether1' })).rejects.toMatchObject({ status: 500 });
    expect(router.writeCalls().map((call) => call.status)).toEqual([201, 500]);
  });
});
