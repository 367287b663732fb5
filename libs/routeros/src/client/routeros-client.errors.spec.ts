import { Harness, selfSignedCertificate } from '../__fixtures__/harness';
import type { RouterOsCallLogEntry } from './call-log';
import { RouterOsClient } from './routeros-client';

const harness = new Harness();
afterAll(() => harness.close());

const WG = '/interface/wireguard';

describe('RouterOsClient error mapping', () => {
  it('maps 401 to AUTH_FAILED and missing policies to PERMISSION_DENIED (500)', async () => {
    const router = await harness.router({
      users: [
        { name: 'admin', password: 'secret', policies: ['read', 'write', 'api', 'rest-api'] },
        { name: 'reader', password: 'r', policies: ['read', 'api', 'rest-api'] },
        { name: 'noapi', password: 'n', policies: ['read', 'write', 'rest-api'] },
        { name: 'norest', password: 'n', policies: ['read', 'write', 'api'] },
      ],
    });
    await expect(harness.client(router, { username: 'admin', password: 'wrong' }).identity()).rejects.toMatchObject({
      code: 'ROUTEROS.AUTH_FAILED',
      status: 401,
      suggestion: expect.stringContaining('rest-api'),
    });
    await expect(harness.client(router, { username: 'norest', password: 'n' }).identity()).rejects.toMatchObject({ code: 'ROUTEROS.AUTH_FAILED' });
    const reader = harness.client(router, { username: 'reader', password: 'r' });
    expect(await reader.identity()).toBe(router.name);
    await expect(reader.create(WG, { name: 'x' })).rejects.toMatchObject({ code: 'ROUTEROS.PERMISSION_DENIED', status: 500, detail: 'not enough permissions (9)' });
    await expect(reader.ping('10.0.0.1', 1)).rejects.toMatchObject({ code: 'ROUTEROS.PERMISSION_DENIED' });
    await expect(harness.client(router, { username: 'noapi', password: 'n' }).list(WG)).rejects.toMatchObject({
      code: 'ROUTEROS.PERMISSION_DENIED',
      detail: 'std failure: not allowed (9)',
    });
    // The raw shape: keys detail, error, message.
    const raw = await fetch(`${router.url}/rest/interface/wireguard`, { method: 'PUT', headers: { authorization: `Basic ${Buffer.from('reader:r').toString('base64')}` }, body: '{"name":"y"}' });
    expect(raw.status).toBe(500);
    expect(await raw.text()).toBe('{"detail":"not enough permissions (9)","error":500,"message":"Internal Server Error"}');
  });

  it('maps RouterOS refusals to stable codes and never retries a 400', async () => {
    const router = await harness.router();
    const client = harness.client(router);
    const refusal = (promise: Promise<unknown>) => promise.then(() => 'resolved', (error: { code: string; detail?: string }) => [error.code, error.detail]);
    expect(await refusal(client.create(WG, { name: 'wg1', colour: 'blue' }))).toEqual(['ROUTEROS.INCOMPATIBLE_VERSION', 'unknown parameter colour']);
    expect(await refusal(client.list('/nonexistent'))).toEqual(['ROUTEROS.INCOMPATIBLE_VERSION', 'no such command or directory (nonexistent)']);
    await client.create(WG, { name: 'wg1' });
    expect(await refusal(client.create(WG, { name: 'wg1' }))).toEqual(['ROUTEROS.ALREADY_EXISTS', 'failure: already have interface with such name']);
    expect(await refusal(client.create(WG, { name: 'ether1' }))).toEqual(['ROUTEROS.ALREADY_EXISTS', 'failure: already have interface with such name']);
    expect(await refusal(client.create(WG, { name: 'wg2', disabled: 'maybe' }))).toEqual(['ROUTEROS.INVALID_VALUE', 'invalid value for argument disabled']);
    expect(await refusal(client.create('/interface/wireguard/peers', { interface: 'nope', 'public-key': 'k', 'allowed-address': '10.0.0.0/24' }))).toEqual([
      'ROUTEROS.INVALID_VALUE',
      'input does not match any value of interface',
    ]);
    const peer = { interface: 'wg1', 'public-key': 'iEcaYUVKq51Sdt7uMulPVv7fDRI4PiOuHwM8DAzNOxg=', 'allowed-address': '10.0.0.0/24' };
    await client.create('/interface/wireguard/peers', peer);
    // One public key per router; a second peer needs its own key before overlap even matters.
    expect(await refusal(client.create('/interface/wireguard/peers', { ...peer, 'allowed-address': '10.9.0.0/24' }))).toEqual(['ROUTEROS.ALREADY_EXISTS', 'failure: entry already exists']);
    const other = { ...peer, 'public-key': 'oVt0N5fJ5nIPq4VQqnYRJZ0bC6wRLX6mRQbqzJUOBXI=' };
    expect(await refusal(client.create('/interface/wireguard/peers', { ...other, 'allowed-address': '10.0.0.128/25' }))).toEqual([
      'ROUTEROS.REQUEST_FAILED',
      expect.stringMatching(/^failure: allowed-address overlaps/),
    ]);
    expect(await refusal(client.create('/interface/wireguard/peers', { interface: 'wg1' }))).toEqual(['ROUTEROS.REQUEST_FAILED', 'missing =public-key=']);
    expect(await refusal(client.remove('/interface', 'ether1'))).toEqual(['ROUTEROS.REQUEST_FAILED', 'no such command or directory (remove)']);
    expect(await refusal(client.get('/ip/firewall/filter', 'by-name'))).toEqual(['ROUTEROS.INCOMPATIBLE_VERSION', 'no such command prefix']);
    expect(await refusal(client.command('/ip/address/frobnicate'))).toEqual(['ROUTEROS.INCOMPATIBLE_VERSION', 'no such command or directory (frobnicate)']);
    const addressList = { list: 'l', address: '10.0.0.1' };
    await client.create('/ip/firewall/address-list', addressList);
    expect(await refusal(client.create('/ip/firewall/address-list', { ...addressList, address: '10.0.0.1/32' }))).toEqual(['ROUTEROS.ALREADY_EXISTS', 'failure: already have such entry']);
    // Every refusal above reached the router exactly once.
    expect(router.calls.filter((call) => call.status >= 400).length).toBe(13);
  });

  it('reports TLS failure when https meets a plain-http service, and UNREACHABLE when nothing listens', async () => {
    const router = await harness.router();
    await expect(harness.client(router, { protocol: 'https' }).identity()).rejects.toMatchObject({ code: 'ROUTEROS.TLS_FAILED' });
    const closed = await harness.router();
    const port = closed.port;
    await closed.close();
    const calls: RouterOsCallLogEntry[] = [];
    const client = harness.client(router, { port, onCall: (entry) => calls.push(entry) });
    await expect(client.identity()).rejects.toMatchObject({ code: 'ROUTEROS.UNREACHABLE', retry: 'safe' });
    expect(calls.map((call) => call.attempt)).toEqual([1, 2, 3, 4]);
  });

  it('speaks HTTPS: verification off by default, TLS_FAILED when verifying an unknown CA, fine with the CA given', async () => {
    const tls = selfSignedCertificate();
    const router = await harness.router({ tls });
    expect(router.url).toMatch(/^https:/);
    expect(await harness.client(router).identity()).toBe(router.name);
    await expect(harness.client(router, { verifyTls: true }).identity()).rejects.toMatchObject({ code: 'ROUTEROS.TLS_FAILED', retry: 'never' });
    expect(await harness.client(router, { verifyTls: true, ca: tls.cert }).identity()).toBe(router.name);
  });

  it('refuses a timeout at or above the 60 s RouterOS limit', () => {
    expect(() => new RouterOsClient({ host: 'r', username: 'a', password: '', timeoutMs: 60_000 })).toThrow(RangeError);
  });

  it('maps a 60 s session limit to TIMEOUT without retrying it', async () => {
    const router = await harness.router();
    router.setSessionLimit(50);
    router.injectFault({ fault: { delayMs: 100 } });
    await expect(harness.client(router).identity()).rejects.toMatchObject({ code: 'ROUTEROS.TIMEOUT', status: 400, detail: 'Session closed' });
    expect(router.calls).toHaveLength(1);
  });
});

describe('RouterOsClient singletons and commands', () => {
  it('reads identity, resource (bare or 1-element array), version and routerboard', async () => {
    const bare = harness.client(await harness.router({ identity: 'hq', version: '7.16.2 (stable)', board: 'routerboard' }));
    expect(await bare.identity()).toBe('hq');
    expect(await bare.version()).toEqual({ major: 7, minor: 16, patch: 2, channel: 'stable', raw: '7.16.2 (stable)' });
    expect(await bare.routerboard()).toEqual(expect.objectContaining({ routerboard: 'true', 'current-firmware': '7.16.2' }));
    const legacy = harness.client(await harness.router({ singletonsAsArrays: true, board: 'chr-arm' }));
    expect((await legacy.resource())['board-name']).toBe('CHR');
    expect(await legacy.routerboard()).toEqual({ routerboard: 'false' });
    expect(await harness.client(await harness.router({ board: 'chr-x86' })).routerboard()).toBeUndefined();
  });

  it('pings with per-probe rows and a summary', async () => {
    const router = await harness.router({ reachable: ['10.0.0.1'] });
    const client = harness.client(router);
    const up = await client.ping('10.0.0.1', 3);
    expect(up).toEqual(expect.objectContaining({ sent: 3, received: 3, packetLoss: 0, avgRtt: '2ms' }));
    expect(up.probes.map((probe) => probe['time'])).toEqual(['1ms', '2ms', '3ms']);
    const down = await client.ping('10.0.0.9', 2);
    expect(down).toEqual(expect.objectContaining({ sent: 2, received: 0, packetLoss: 100 }));
    expect(down.probes[0]).toEqual(expect.objectContaining({ status: 'timeout' }));
    await expect(client.command('/ping', { address: '10.0.0.1' })).rejects.toMatchObject({ code: 'ROUTEROS.TIMEOUT' });
  });

  it('runs execute, export and backup/save and lists the files', async () => {
    const router = await harness.router();
    const client = harness.client(router);
    await client.create(WG, { name: 'wg1', comment: 'two words' });
    expect(await client.command('/execute', { script: ':put "hi"', 'as-string': '' })).toEqual({ ret: 'hi\n' });
    expect(await client.command('/execute', { script: '/system identity print', 'as-string': '' })).toEqual({ ret: `  name: ${router.name}\n` });
    expect(await client.command('/execute', { script: '/log info x' })).toEqual({ ret: expect.stringMatching(/^\*[0-9A-F]+$/) });
    const exported = await client.command<{ ret: string }>('/execute', { script: '/export', 'as-string': '' });
    expect(exported.ret).toContain('/interface wireguard\nadd comment="two words" disabled=false name=wg1 listen-port=13231 mtu=1420');
    expect(exported.ret).not.toContain('private-key');
    expect(await client.command('/export', { file: 'cfg', 'show-sensitive': '' })).toEqual([]);
    expect(await client.command('/export', {})).toEqual([]);
    expect(await client.command('/system/backup/save', { name: 'pre-deploy', 'dont-encrypt': 'yes' })).toEqual([]);
    const files = await client.list('/file', { proplist: ['name', 'type'] });
    expect(files.map((file) => file['name'])).toEqual(['cfg.rsc', 'pre-deploy.backup']);
    expect((await client.get('/file', 'cfg.rsc'))['contents']).toContain('private-key=');
    const log = await client.list('/log');
    expect(log.at(-1)).toEqual(expect.objectContaining({ topics: 'system,info', message: expect.stringContaining('added by admin') }));
  });
});
