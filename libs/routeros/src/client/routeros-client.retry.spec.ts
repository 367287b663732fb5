import { Harness } from '../__fixtures__/harness';
import { REDACTED, type RouterOsCallLogEntry } from './call-log';

const harness = new Harness();
afterAll(() => harness.close());

const WG = '/interface/wireguard';
const KEY = 'kMtI/sX+c43uH8Xw2J64i9KH4heGLOAmQkPiA/7HgUU=';

async function setup(options: { timeoutMs?: number } = {}) {
  const router = await harness.router();
  const calls: RouterOsCallLogEntry[] = [];
  const delays: number[] = [];
  const client = harness.client(router, {
    onCall: (entry) => calls.push(entry),
    sleep: async (ms) => {
      delays.push(ms);
    },
    retry: { baseDelayMs: 100, maxDelayMs: 250 },
    random: () => 0.5,
    ...options,
  });
  return { router, client, calls, delays };
}

describe('RouterOsClient retries and fault injection', () => {
  it('retries a 503 with exponential backoff and jitter, then succeeds', async () => {
    const { router, client, calls, delays } = await setup();
    router.injectFault({ match: { method: 'GET' }, nth: 1, fault: { status: 503 } });
    router.injectFault({ match: { method: 'GET' }, nth: 2, fault: { status: 429 } });
    router.injectFault({ match: { method: 'GET' }, nth: 3, fault: { status: 503 } });
    expect(await client.identity()).toBe(router.name);
    expect(calls.map((call) => [call.attempt, call.status])).toEqual([[1, 503], [2, 429], [3, 503], [4, 200]]);
    // Steps 100, 200, 250 (capped); half fixed plus half times random 0.5.
    expect(delays).toEqual([75, 150, 187]);
    expect(router.calls.map((call) => call.fault ?? 'none')).toEqual(['status', 'status', 'status', 'none']);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const { router, client, calls } = await setup();
    for (let i = 0; i < 4; i++) router.injectFault({ fault: { status: 503 } });
    await expect(client.list(WG)).rejects.toMatchObject({ code: 'ROUTEROS.REQUEST_FAILED', status: 503 });
    expect(calls).toHaveLength(4);
  });

  it('retries a reset GET, and never a 400', async () => {
    const { router, client, calls } = await setup();
    router.injectFault({ match: { method: 'GET', pathPrefix: '/rest/interface' }, fault: 'reset' });
    expect(await client.list('/interface')).toHaveLength(6);
    expect(calls.map((call) => [call.status, call.error?.code])).toEqual([[null, 'ROUTEROS.UNREACHABLE'], [200, undefined]]);
    router.injectFault({ fault: { status: 400, body: { detail: 'failure: this is configured elsewhere', error: 400, message: 'Bad Request' } } });
    await expect(client.list('/interface')).rejects.toMatchObject({ code: 'ROUTEROS.REQUEST_FAILED', detail: 'failure: this is configured elsewhere' });
    expect(calls).toHaveLength(3);
  });

  it('re-reads after a PUT timed out and returns the row the router did create, without a duplicate', async () => {
    const { router, client, calls } = await setup({ timeoutMs: 150 });
    router.injectFault({ match: { method: 'PUT', pathPrefix: '/rest/interface/wireguard' }, fault: 'timeout', applied: true });
    const row = await client.create(WG, { name: 'wg-a', comment: 'WAN-Overlay-Manager:x' });
    expect(row).toEqual(expect.objectContaining({ name: 'wg-a', comment: 'WAN-Overlay-Manager:x' }));
    expect(await client.list(WG)).toHaveLength(1);
    expect(router.calls.map((call) => `${call.method} ${call.path.split('?')[0]}`)).toEqual(['PUT /rest/interface/wireguard', 'GET /rest/interface/wireguard', 'GET /rest/interface/wireguard']);
    expect(calls[0]).toEqual(expect.objectContaining({ method: 'PUT', status: null, error: expect.objectContaining({ code: 'ROUTEROS.TIMEOUT' }) }));
  });

  it('repeats a PUT that was reset before the router acted, once the re-read shows nothing', async () => {
    const { router, client } = await setup();
    router.injectFault({ match: { method: 'PUT' }, fault: 'reset' });
    await client.create(WG, { name: 'wg-b', comment: 'mine' });
    expect(router.calls.map((call) => call.method)).toEqual(['PUT', 'GET', 'PUT']);
    expect(await client.list(WG)).toHaveLength(1);
  });

  it('does not repeat a PUT without a comment to find it by, or an unclear POST command', async () => {
    const { router, client } = await setup();
    router.injectFault({ match: { method: 'PUT' }, fault: 'reset', applied: true });
    await expect(client.create(WG, { name: 'wg-c' })).rejects.toMatchObject({ code: 'ROUTEROS.UNREACHABLE', retry: 'unclear' });
    router.injectFault({ match: { method: 'POST' }, fault: 'reset' });
    await expect(client.command('/ip/firewall/filter/move', { numbers: '*1' })).rejects.toMatchObject({ code: 'ROUTEROS.UNREACHABLE' });
    expect(router.calls.map((call) => call.method)).toEqual(['PUT', 'POST']);
    // ...but print is a read and is repeated.
    router.injectFault({ match: { method: 'POST' }, fault: 'reset' });
    expect(await client.print('/interface', { query: ['name=ether1'] })).toHaveLength(1);
  });

  it('treats a 404 on a repeated DELETE as done: the first attempt removed the row', async () => {
    const { router, client } = await setup();
    const row = await client.create(WG, { name: 'wg-d' });
    router.injectFault({ match: { method: 'DELETE' }, fault: 'reset', applied: true });
    await client.remove(WG, row['.id']!);
    expect(router.calls.slice(-2).map((call) => [call.method, call.status])).toEqual([['DELETE', 0], ['DELETE', 404]]);
  });

  it('adds latency to every call and can delay one call', async () => {
    const { router, client } = await setup();
    router.setLatency(30);
    router.injectFault({ nth: 2, fault: { delayMs: 40 } });
    const started = Date.now();
    await client.identity();
    const first = Date.now() - started;
    await client.identity();
    const both = Date.now() - started;
    expect(first).toBeGreaterThanOrEqual(25);
    expect(both - first).toBeGreaterThanOrEqual(60);
    router.clearFaults();
  });

  it('logs every attempt through onCall with secrets redacted', async () => {
    const { client, calls } = await setup();
    const iface = await client.create(WG, { name: 'wg-e', 'private-key': KEY });
    await client.update(WG, iface['.id']!, { 'private-key': KEY, '!comment': '' });
    await client.command('/user/set', { numbers: 'deploy', password: 'hunter2' }).catch(() => undefined);
    expect(JSON.stringify(calls)).not.toContain(KEY);
    expect(JSON.stringify(calls)).not.toContain('hunter2');
    expect(calls[0]).toEqual({ method: 'PUT', path: '/rest/interface/wireguard', requestBody: { name: 'wg-e', 'private-key': REDACTED }, status: 201, durationMs: expect.any(Number), attempt: 1 });
    // No user "deploy" on the router: the refusal is logged like any other, the password still redacted.
    expect(calls[2]).toEqual(expect.objectContaining({ status: 404, requestBody: { numbers: 'deploy', password: REDACTED }, error: expect.objectContaining({ code: 'ROUTEROS.NOT_FOUND' }) }));
  });

  it('survives a throwing log hook', async () => {
    const router = await harness.router();
    const client = harness.client(router, {
      onCall: () => {
        throw new Error('sink down');
      },
    });
    expect(await client.identity()).toBe(router.name);
  });
});
