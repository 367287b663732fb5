import { Harness } from '../__fixtures__/harness';
import type { EmulatedRouter } from './emulator';

const harness = new Harness();
afterAll(() => harness.close());

const ADMIN = `Basic ${Buffer.from('admin:').toString('base64')}`;
const LIST = '/ip/firewall/address-list';

async function post(router: EmulatedRouter, path: string, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${router.url}/rest${path}`, { method: 'POST', headers: { authorization: ADMIN, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/** A router with three address-list entries; their ids in list order. */
async function routerWithEntries(): Promise<{ router: EmulatedRouter; ids: string[] }> {
  const router = await harness.router();
  const client = harness.client(router);
  const ids: string[] = [];
  for (const address of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) ids.push((await client.create(LIST, { list: 'wom', address }))['.id'] ?? '');
  return { router, ids };
}

const entries = (router: EmulatedRouter): string[] => (router.snapshot()[LIST] ?? []).map((row) => row['.id'] ?? '');
const badRequest = (detail: string) => ({ detail, error: 400, message: 'Bad Request' });

describe('POST <menu>/remove', () => {
  it('removes every row named in numbers, or the one in .id, and answers [] (ROUTEROS-REST.md §2)', async () => {
    const { router, ids } = await routerWithEntries();
    expect(await post(router, `${LIST}/remove`, { numbers: `${ids[0]},${ids[2]}` })).toEqual({ status: 200, body: [] });
    expect(entries(router)).toEqual([ids[1]]);
    expect(await post(router, `${LIST}/remove`, { '.id': ids[1] })).toEqual({ status: 200, body: [] });
    expect(entries(router)).toEqual([]);
  });

  it('refuses the whole batch, removing nothing, when one id names no row', async () => {
    const { router, ids } = await routerWithEntries();
    expect(await post(router, `${LIST}/remove`, { numbers: `${ids[0]},*FFFF,${ids[2]}` })).toEqual({ status: 400, body: badRequest('no such item') });
    expect(entries(router)).toEqual(ids);
    expect(await post(router, `${LIST}/remove`, { numbers: `${ids[0]},${ids[0]}` })).toEqual({ status: 400, body: badRequest('no such item') });
    expect(entries(router)).toEqual(ids);
  });

  it('refuses arguments remove does not take, and a remove naming nothing', async () => {
    const { router, ids } = await routerWithEntries();
    expect(await post(router, `${LIST}/remove`, { numbers: ids[0], comment: 'x' })).toEqual({ status: 400, body: badRequest('unknown parameter comment') });
    expect(await post(router, `${LIST}/remove`, {})).toEqual({ status: 400, body: badRequest('missing =numbers=') });
    expect(await post(router, `${LIST}/remove`, { numbers: '' })).toEqual({ status: 400, body: badRequest('missing =numbers=') });
    expect(entries(router)).toEqual(ids);
  });

  it('answers 406 for a menu whose rows cannot be removed, before removing anything (ROUTEROS-REST.md §6)', async () => {
    const router = await harness.router();
    expect(await post(router, '/interface/remove', { numbers: 'ether1,ether2' })).toEqual({ status: 406, body: { detail: 'no such command or directory (remove)', error: 406, message: 'Not Acceptable' } });
    expect((router.snapshot()['/interface'] ?? []).map((row) => row['name'])).toEqual(expect.arrayContaining(['ether1', 'ether2']));
  });
});

describe('RouterOsClient removals', () => {
  it('removeMany sends one POST remove; remove with missingIsGone reports a row already gone instead of failing', async () => {
    const { router, ids } = await routerWithEntries();
    const client = harness.client(router);
    const callsBefore = router.calls.length;
    await client.removeMany(LIST, [ids[0]!, ids[1]!]);
    expect(router.calls.slice(callsBefore).map((call) => [call.method, call.path, call.body])).toEqual([['POST', `/rest${LIST}/remove`, { numbers: `${ids[0]},${ids[1]}` }]]);
    await expect(client.removeMany(LIST, [ids[2]!, ids[0]!])).rejects.toMatchObject({ code: 'ROUTEROS.REQUEST_FAILED', status: 400, detail: 'no such item' });
    expect(entries(router)).toEqual([ids[2]]);
    expect(await client.remove(LIST, ids[0]!, { missingIsGone: true })).toBe('already-gone');
    await expect(client.remove(LIST, ids[0]!)).rejects.toMatchObject({ code: 'ROUTEROS.NOT_FOUND' });
    expect(await client.remove(LIST, ids[2]!, { missingIsGone: true })).toBe('removed');
    expect(entries(router)).toEqual([]);
  });
});
