import { createServer } from 'node:net';
import { Harness, selfSignedCertificate } from '../__fixtures__/harness';
import { loadBranchOfficeScenario } from '../emulator';
import { readRouterHealth, readWireguardPeerStats, testConnection } from './engine.api';

const harness = new Harness();
afterAll(() => harness.close());

/** A port nothing listens on: bound once, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('testConnection', () => {
  it('reports identity, version, board, load, memory and features of a healthy router', async () => {
    const router = await harness.router({ identity: 'branch-b', version: '7.16.2 (stable)', board: 'routerboard' });
    expect(await testConnection(harness.client(router))).toEqual({
      status: 'connected',
      identity: 'branch-b',
      version: '7.16.2 (stable)',
      board: 'RB5009UG+S+',
      uptime: '1d2h3m4s',
      cpuLoadPercent: 3,
      freeMemoryBytes: 900000000,
      totalMemoryBytes: 1073741824,
      restAvailable: true,
      wireguardAvailable: true,
      error: null,
    });
    const chr = await harness.router({ board: 'chr-x86', singletonsAsArrays: true });
    expect(await testConnection(harness.client(chr))).toMatchObject({ status: 'connected', board: 'CHR' });
  });

  it.each([
    ['a wrong password', { password: 'nope' }, {}, 'auth-failed', 'ROUTEROS.AUTH_FAILED'],
    ['a user without the rest-api policy', { username: 'ro', password: 'pw' }, { users: [{ name: 'ro', password: 'pw', policies: ['read', 'api'] as const }] }, 'auth-failed', 'ROUTEROS.AUTH_FAILED'],
    ['a user without the read policy', { username: 'w', password: 'pw' }, { users: [{ name: 'w', password: 'pw', policies: ['api', 'rest-api'] as const }] }, 'auth-failed', 'ROUTEROS.PERMISSION_DENIED'],
    ['RouterOS 6', {}, { version: '6.49.10 (long-term)' }, 'incompatible', 'ROUTEROS.INCOMPATIBLE_VERSION'],
    ['an early 7.1 beta', {}, { version: '7.1beta2' }, 'incompatible', 'ROUTEROS.INCOMPATIBLE_VERSION'],
  ] as const)('maps %s to a status with a typed error and a fix', async (_label, credentials, routerOptions, status, code) => {
    const users = 'users' in routerOptions ? routerOptions.users.map((user) => ({ ...user, policies: [...user.policies] })) : undefined;
    const router = await harness.router({ ...routerOptions, ...(users ? { users } : {}) });
    const result = await testConnection(harness.client(router, credentials));
    expect(result).toMatchObject({ status, error: { code, suggestion: expect.any(String) } });
    expect(result.error?.suggestion?.length).toBeGreaterThan(20);
  });

  it.each([
    ['the built-in read group', { name: 'ro', password: 'pw', group: 'read' }, 'write'],
    ['a group without write', { name: 'ro', password: 'pw', policies: ['read', 'api', 'rest-api', 'test'] as const }, 'write'],
  ])('fails a read-only account (%s): it can read everything but could not deploy', async (_label, user, missing) => {
    const router = await harness.router({ users: [{ ...user, ...('policies' in user ? { policies: [...user.policies] } : {}) }] });
    const result = await testConnection(harness.client(router, { username: 'ro', password: 'pw' }));
    expect(result).toMatchObject({ status: 'auth-failed', identity: router.name, error: { code: 'ROUTEROS.PERMISSION_DENIED', message: expect.stringContaining(`lacks the ${missing} policy`) } });
    expect(router.writeCalls()).toEqual([]);
  });

  it('passes an account with exactly the deploy policies, ping (`test`) being optional', async () => {
    const router = await harness.router({ users: [{ name: 'wom', password: 'pw', policies: ['read', 'write', 'api', 'rest-api'] }] });
    expect(await testConnection(harness.client(router, { username: 'wom', password: 'pw' }))).toMatchObject({ status: 'connected', error: null });
  });

  it('calls a router that answers REST with a version below 7.1 incompatible', async () => {
    const router = await harness.router();
    router.injectFault({ match: { pathPrefix: '/rest/system/resource' }, fault: { status: 200, body: { version: '6.48.6 (stable)', 'board-name': 'hAP' } } });
    expect(await testConnection(harness.client(router))).toMatchObject({ status: 'incompatible', restAvailable: true, board: 'hAP', error: { code: 'ROUTEROS.INCOMPATIBLE_VERSION', message: expect.stringContaining('6.48.6') } });
  });

  it('calls a router without the WireGuard menu incompatible', async () => {
    const router = await harness.router();
    router.injectFault({ match: { pathPrefix: '/rest/interface/wireguard' }, fault: { status: 400, body: { detail: 'no such command or directory (wireguard)', error: 400, message: 'Bad Request' } } });
    expect(await testConnection(harness.client(router))).toMatchObject({ status: 'incompatible', wireguardAvailable: false, error: { code: 'ROUTEROS.INCOMPATIBLE_VERSION' } });
  });

  it('calls a closed port, a hung router and a failed TLS handshake unreachable', async () => {
    const router = await harness.router();
    const refused = await testConnection(harness.client(router, { port: await closedPort() }));
    expect(refused).toMatchObject({ status: 'unreachable', error: { code: 'ROUTEROS.UNREACHABLE' }, identity: null });

    for (let attempt = 0; attempt < 4; attempt++) router.injectFault({ match: { pathPrefix: '/rest/system/resource' }, fault: 'timeout' });
    expect(await testConnection(harness.client(router, { timeoutMs: 100 }))).toMatchObject({ status: 'unreachable', error: { code: 'ROUTEROS.TIMEOUT' } });

    const tls = await harness.emulator.addRouter('tls', { tls: selfSignedCertificate() });
    expect(await testConnection(harness.client(tls, { verifyTls: true }))).toMatchObject({ status: 'unreachable', error: { code: 'ROUTEROS.TLS_FAILED' } });
    expect(await testConnection(harness.client(tls, { verifyTls: false }))).toMatchObject({ status: 'connected' });
  });

  it('reports a failure after the version check with the same vocabulary', async () => {
    const router = await harness.router();
    router.injectFault({ match: { pathPrefix: '/rest/system/identity' }, fault: { status: 401 } });
    expect(await testConnection(harness.client(router))).toMatchObject({ status: 'auth-failed', version: '7.19.4 (stable)', error: { code: 'ROUTEROS.AUTH_FAILED' } });
  });
});

describe('monitoring reads', () => {
  it('readRouterHealth gives identity, version, load, memory and uptime in seconds', async () => {
    const router = await harness.router({ identity: 'edge-1' });
    expect(await readRouterHealth(harness.client(router))).toEqual({
      identity: 'edge-1',
      version: '7.19.4 (stable)',
      board: 'RB5009UG+S+',
      cpuLoadPercent: 3,
      freeMemoryBytes: 900000000,
      totalMemoryBytes: 1073741824,
      uptime: '1d2h3m4s',
      uptimeSeconds: 93784,
    });
  });

  it('readWireguardPeerStats gives handshake age, traffic and endpoint per public key of one interface', async () => {
    const router = await harness.router();
    const scenario = loadBranchOfficeScenario(router.state);
    const phone = router.snapshot()['/interface/wireguard/peers']?.[0]?.['public-key'] ?? '';
    expect(router.state.recordPeerTraffic(phone, { lastHandshake: '1m14s', rx: 5000, tx: 7000, endpoint: { address: '198.51.100.77', port: 51209 } })).toBe(1);
    const stats = await readWireguardPeerStats(harness.client(router), 'wg-roadwarrior');
    expect(stats).toEqual([
      { publicKey: phone, comment: 'phone', disabled: false, lastHandshakeSeconds: 74, rxBytes: 5000, txBytes: 7000, currentEndpoint: { address: '198.51.100.77', port: 51209 } },
      expect.objectContaining({ comment: 'laptop', lastHandshakeSeconds: null, rxBytes: 0, txBytes: 0, currentEndpoint: null }),
    ]);
    expect(scenario.roadwarriorPublicKey).not.toBe(phone);
    expect(await readWireguardPeerStats(harness.client(router), 'wg-none')).toEqual([]);
  });

  it.each(['wg0&interface=wg-roadwarrior', '../wg0', 'wg0" comment=x', 'a-name-far-too-long-for-linux', ''])('rejects the hostile interface name %j before calling the router', async (name) => {
    const router = await harness.router();
    await expect(readWireguardPeerStats(harness.client(router), name)).rejects.toMatchObject({ code: 'VALIDATION.INVALID_INTERFACE_NAME' });
    expect(router.calls).toEqual([]);
  });
});
