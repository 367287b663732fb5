import { isManagedComment, managedComment } from '@wom/renderers';
import { Harness } from '../__fixtures__/harness';
import { branchOverlay, branchOverlayUpdated } from '../__fixtures__/overlay-states';
import { foreignRows } from '../__fixtures__/snapshots';
import { loadBranchOfficeScenario, type EmulatedRouter } from '../emulator';
import { detectDrift, reconcile, runDeployment } from './engine.api';

const harness = new Harness();
afterAll(() => harness.close());

const hubKey = branchOverlay.peers[0]?.publicKey ?? '';

/**
 * A deployed router someone has since edited by hand: the hub's keepalive changed, one of our
 * routes deleted, a copy of one of our address-list rows added, our first filter rule moved
 * to the end of the chain, and a foreign rule whose comment merely looks like ours.
 */
async function driftedRouter(): Promise<{ router: EmulatedRouter; client: ReturnType<Harness['client']> }> {
  const router = await harness.router();
  loadBranchOfficeScenario(router.state);
  const client = harness.client(router);
  expect((await runDeployment(client, branchOverlayUpdated)).outcome).toBe('success');
  const rows = router.snapshot();
  const hub = rows['/interface/wireguard/peers']?.find((row) => row['public-key'] === hubKey);
  await client.update('/interface/wireguard/peers', hub?.['.id'] ?? '', { 'persistent-keepalive': '40s' });
  const route = rows['/ip/route']?.find((row) => row['dst-address'] === '192.168.104.0/24');
  await client.remove('/ip/route', route?.['.id'] ?? '');
  const listed = rows['/ip/firewall/address-list']?.find((row) => row['address'] === '192.168.88.0/24' && isManagedComment(row['comment']));
  await client.create('/ip/firewall/address-list', { list: listed?.['list'] ?? '', address: '192.168.90.0/24', comment: listed?.['comment'] ?? '' });
  const ourRule = rows['/ip/firewall/filter']?.find((row) => row['comment']?.startsWith('WAN-Overlay-Manager:'));
  await client.command('/ip/firewall/filter/move', { numbers: ourRule?.['.id'] });
  await client.create('/ip/firewall/filter', { chain: 'forward', action: 'drop', comment: 'WAN-Overlay-Manager: hand-made lookalike' });
  return { router, client };
}

describe('detectDrift', () => {
  it('is in sync right after a deployment', async () => {
    const router = await harness.router();
    loadBranchOfficeScenario(router.state);
    const client = harness.client(router);
    await runDeployment(client, branchOverlay);
    const writes = router.writeCalls().length;
    const report = await detectDrift(client, branchOverlay, { now: () => new Date('2026-01-02T03:04:05Z') });
    expect(report).toMatchObject({ peerId: branchOverlay.peerId, inSync: true, entries: [], checkedAt: '2026-01-02T03:04:05.000Z', summary: { missing: 0, mismatched: 0, unknown: 0, misplaced: 0 } });
    expect(router.writeCalls().length).toBe(writes);
  });

  it('reports each kind of drift with menu, row, field, expected and actual, and ignores foreign rows', async () => {
    const { client } = await driftedRouter();
    const report = await detectDrift(client, branchOverlayUpdated);
    expect(report.inSync).toBe(false);
    expect(report.summary).toEqual({ missing: 1, mismatched: 1, unknown: 1, misplaced: 1 });
    const byKind = Object.fromEntries(report.entries.map((entry) => [entry.kind, entry]));
    expect(byKind['mismatched']).toMatchObject({
      menu: '/interface/wireguard/peers',
      key: `peer:${branchOverlay.peers[0]?.peerId}`,
      fields: [{ field: 'persistent-keepalive', expected: '15s', actual: '40s' }],
    });
    expect(byKind['missing']).toMatchObject({ menu: '/ip/route', key: 'route:192.168.104.0/24', fields: expect.arrayContaining([{ field: 'dst-address', expected: '192.168.104.0/24', actual: null }]) });
    expect(byKind['unknown']).toMatchObject({ menu: '/ip/firewall/address-list', key: null, fields: expect.arrayContaining([{ field: 'address', expected: null, actual: '192.168.90.0/24' }]) });
    expect(byKind['misplaced']).toMatchObject({ menu: '/ip/firewall/filter' });
    expect(JSON.stringify(report)).not.toContain('hand-made lookalike');
  });
});

describe('reconcile', () => {
  it('by default repairs missing, mismatched and misplaced rows but keeps unknown ones', async () => {
    const { router, client } = await driftedRouter();
    const foreign = foreignRows(router.snapshot());
    const result = await reconcile(client, branchOverlayUpdated);
    expect(result.before.summary).toEqual({ missing: 1, mismatched: 1, unknown: 1, misplaced: 1 });
    expect(result.deployment.outcome).toBe('success');
    expect(result.deployment.appliedCalls.map((call) => `${call.method} ${call.kind}`).sort()).toEqual(['PATCH update', 'POST move', 'PUT create']);
    expect((await detectDrift(client, branchOverlayUpdated)).summary).toEqual({ missing: 0, mismatched: 0, unknown: 1, misplaced: 0 });
    expect(foreignRows(router.snapshot())).toEqual(foreign);
  });

  it('removes unknown rows only when asked, and only rows carrying our comment', async () => {
    const { router, client } = await driftedRouter();
    const foreign = foreignRows(router.snapshot());
    const result = await reconcile(client, branchOverlayUpdated, { removeUnknown: true });
    expect(result.deployment.appliedCalls.filter((call) => call.method === 'DELETE')).toEqual([
      expect.objectContaining({ menu: '/ip/firewall/address-list', comment: managedComment(branchOverlay.peerId, 'address-list:192.168.88.0/24') }),
    ]);
    expect((await detectDrift(client, branchOverlayUpdated)).inSync).toBe(true);
    expect(foreignRows(router.snapshot())).toEqual(foreign);
    expect(router.snapshot()['/ip/firewall/filter']?.some((row) => row['comment'] === 'WAN-Overlay-Manager: hand-made lookalike')).toBe(true);
  });

  it('leaves a kind of drift alone when told to, without rolling the rest back', async () => {
    const { client } = await driftedRouter();
    const result = await reconcile(client, branchOverlayUpdated, { reconcileMissing: false, reconcileMismatched: false });
    expect(result.deployment.appliedCalls).toEqual([]);
    // The deleted route still fails verification, which is what the caller chose.
    expect(result.deployment.outcome).toBe('partial-success');
    expect(result.deployment.rollback).toBeNull();
    expect((await detectDrift(client, branchOverlayUpdated)).summary).toEqual({ missing: 1, mismatched: 1, unknown: 1, misplaced: 1 });
  });
});
