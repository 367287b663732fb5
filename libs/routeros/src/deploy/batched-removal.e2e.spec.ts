import { isManagedByPeer, ROUTEROS_MENUS } from '@wom/renderers';
import { Harness } from '../__fixtures__/harness';
import { BRANCH_PEER_ID, branchOverlay, branchOverlayUpdated } from '../__fixtures__/overlay-states';
import { configOf, managedRows } from '../__fixtures__/snapshots';
import { loadBranchOfficeScenario, type EmulatedRouter } from '../emulator';
import { rollbackToBackup, runDeployment, type DeploymentResult } from './engine.api';

const harness = new Harness();
afterAll(() => harness.close());

const UNDEPLOY = { peerId: BRANCH_PEER_ID, removed: true } as const;
const ours = (row: Record<string, string>): boolean => isManagedByPeer(row['comment'], BRANCH_PEER_ID);

/** A branch router holding its foreign configuration and our deployed rows; `before` is its configuration before we wrote. */
async function deployedRouter(): Promise<{ router: EmulatedRouter; client: ReturnType<Harness['client']>; before: ReturnType<typeof configOf>; deployed: DeploymentResult }> {
  const router = await harness.router();
  loadBranchOfficeScenario(router.state);
  const client = harness.client(router);
  const before = configOf(router.snapshot());
  const deployed = await runDeployment(client, branchOverlayUpdated);
  expect(deployed.outcome).toBe('success');
  return { router, client, before, deployed };
}

/** Our rows on the router per menu (the /interface view left out), as `menu → comments`. */
function ourComments(router: EmulatedRouter): Map<string, string[]> {
  const rows = managedRows(router.snapshot());
  return new Map(ROUTEROS_MENUS.map((menu) => [menu, (rows[menu] ?? []).filter(ours).map((row) => row['comment'] ?? '')]));
}

describe('removals go in batches, one remove per menu', () => {
  it('undeploys with one batched remove per menu, dependents first and the interface last, leaving every other row as it was', async () => {
    const { router, client, before } = await deployedRouter();
    const present = ourComments(router);
    const menusWithRows = [...ROUTEROS_MENUS].reverse().filter((menu) => (present.get(menu) ?? []).length > 0);
    const rowCount = [...present.values()].reduce((sum, comments) => sum + comments.length, 0);
    expect((present.get('/interface/wireguard/peers') ?? []).length).toBeGreaterThan(1);
    const writesBefore = router.writeCalls().length;

    const removal = await runDeployment(client, UNDEPLOY);

    expect({ outcome: removal.outcome, error: removal.error }).toEqual({ outcome: 'success', error: null });
    // 0 managed rows left; every foreign row byte-identical and in its place.
    expect(configOf(router.snapshot())).toEqual(before);
    const writes = router.writeCalls().slice(writesBefore);
    expect(writes.map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual(
      menusWithRows.map((menu) => ((present.get(menu) ?? []).length > 1 ? `POST /rest${menu}/remove 200` : expect.stringMatching(new RegExp(`^DELETE /rest${menu.replace(/\//g, '\\/')}/\\*[0-9A-F]+ 204$`)))),
    );
    expect(writes.at(-1)?.path).toMatch(/^\/rest\/interface\/wireguard\/(remove|\*)/);
    expect(removal.writeCount).toBe(writes.length);
    // The journal lists every removed row once, as its DELETE, and the backup holds each of them for a rollback.
    expect(removal.appliedCalls).toHaveLength(rowCount);
    expect(removal.appliedCalls.every((call) => call.method === 'DELETE' && call.kind === 'delete' && call.alreadyGone === undefined)).toBe(true);
    expect(removal.appliedCalls.map((call) => call.comment).sort()).toEqual([...present.values()].flat().sort());
    expect(Object.values(removal.backup?.tables ?? {}).reduce((sum, rows) => sum + (rows?.length ?? 0), 0)).toBe(rowCount);
  });

  it('falls back to one DELETE per row when a row vanished meanwhile, and the undeploy still succeeds', async () => {
    const { router, client, before } = await deployedRouter();
    const peers = router.snapshot()['/interface/wireguard/peers']?.filter(ours) ?? [];
    expect(peers.length).toBeGreaterThan(1);
    const vanishing = peers[0]!;
    const writesBefore = router.writeCalls().length;

    // Someone removes one of our peers after the engine read the router, before it writes.
    const removal = await runDeployment(client, UNDEPLOY, { hooks: { onBackup: () => router.state.remove('/interface/wireguard/peers', vanishing['.id']!) } });

    expect({ outcome: removal.outcome, error: removal.error }).toEqual({ outcome: 'success', error: null });
    expect(configOf(router.snapshot())).toEqual(before);
    const peerWrites = router.writeCalls().slice(writesBefore).filter((call) => call.path.startsWith('/rest/interface/wireguard/peers'));
    expect(peerWrites.map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual([
      `POST /rest/interface/wireguard/peers/remove 400`,
      ...peers.map((row) => `DELETE /rest/interface/wireguard/peers/${row['.id']} ${row === vanishing ? 404 : 204}`),
    ]);
    expect(removal.writeCount).toBe(router.writeCalls().length - writesBefore);
    const journal = removal.appliedCalls.filter((call) => call.menu === '/interface/wireguard/peers');
    expect(journal.map((call) => [call.comment, call.alreadyGone ?? false])).toEqual(peers.map((row) => [row['comment'], row === vanishing]));
  });

  it('does not retry row by row a batch refused for the user rights: the undeploy fails and the backup is restored', async () => {
    const { router, client } = await deployedRouter();
    const deployedConfig = configOf(router.snapshot());
    router.injectFault({ match: { method: 'POST' }, nth: 1, fault: { status: 500, body: { detail: 'not enough permissions (9)', error: 500, message: 'Internal Server Error' } } });
    const writesBefore = router.writeCalls().length;

    const removal = await runDeployment(client, UNDEPLOY);

    expect(removal).toMatchObject({ outcome: 'failed', error: { code: 'ROUTEROS.PERMISSION_DENIED' }, rollback: { outcome: 'restored' } });
    expect(removal.reason).toMatch(/^Apply failed at call 1–\d+ of \d+ \(remove \d+ row\(s\) of \/ip\/firewall\/nat/);
    expect(router.writeCalls().slice(writesBefore).filter((call) => call.method === 'DELETE')).toEqual([]);
    // Nothing was removed, so nothing had to be recreated: every row keeps its id.
    expect(configOf(router.snapshot())).toEqual(deployedConfig);
  });

  it('rolls back with batched removals too: rows the backup lacks go in one remove per menu', async () => {
    const { router, client, before, deployed } = await deployedRouter();
    // The first deployment's backup holds none of our rows: restoring it removes them all.
    expect(Object.values(deployed.backup?.tables ?? {}).every((rows) => (rows ?? []).length === 0)).toBe(true);
    const present = ourComments(router);
    const writesBefore = router.writeCalls().length;

    const report = await rollbackToBackup(client, deployed.backup!);

    expect(report).toMatchObject({ outcome: 'restored', error: null, summary: { failed: 0 } });
    expect(configOf(router.snapshot())).toEqual(before);
    const writes = router.writeCalls().slice(writesBefore);
    expect(writes.filter((call) => call.method === 'POST').map((call) => call.path)).toEqual(
      [...ROUTEROS_MENUS].reverse().filter((menu) => (present.get(menu) ?? []).length > 1).map((menu) => `/rest${menu}/remove`),
    );
    expect(report.calls.map((call) => call.comment).sort()).toEqual([...present.values()].flat().sort());
    expect(report.summary.restored).toBe(report.calls.length);
  });

  it('a plain deploy that drops rows removes them in a batch as well', async () => {
    const { router, client } = await deployedRouter();
    const writesBefore = router.writeCalls().length;
    const shrink = await runDeployment(client, branchOverlay);
    expect(shrink.outcome).toBe('success');
    const removed = shrink.appliedCalls.filter((call) => call.kind === 'delete');
    expect(removed.length).toBeGreaterThan(0);
    const leftComments = [...ourComments(router).values()].flat();
    expect(removed.every((call) => !leftComments.includes(call.comment))).toBe(true);
    expect(shrink.writeCount).toBe(router.writeCalls().length - writesBefore);
  });
});
