import { Harness } from '../__fixtures__/harness';

const harness = new Harness();
afterAll(() => harness.close());

describe('RouterOsClient resolveHost', () => {
  it('connects to the address resolveHost gives for the host, not to what the name resolves to', async () => {
    const router = await harness.router();
    const asked: string[] = [];
    // `.invalid` never resolves (RFC 6761): the answer can only come from the address given here.
    const client = harness.client(router, { host: 'router.invalid', resolveHost: async (host) => (asked.push(host), router.host) });
    expect(await client.identity()).toBe(router.name);
    expect(asked).toEqual(['router.invalid']);
  });

  it('sends nothing when resolveHost refuses, and keeps its error as the cause', async () => {
    const router = await harness.router();
    const refusal = new Error('not a router address');
    const client = harness.client(router, { resolveHost: () => Promise.reject(refusal), retry: { maxAttempts: 1 } });
    await expect(client.identity()).rejects.toMatchObject({ code: 'ROUTEROS.UNREACHABLE', cause: refusal });
    expect(router.calls).toEqual([]);
  });
});
