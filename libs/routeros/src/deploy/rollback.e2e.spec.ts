import { Harness } from '../__fixtures__/harness';
import { branchOverlay, branchOverlayReshaped, branchOverlayUpdated } from '../__fixtures__/overlay-states';
import { configOf, foreignRows, managedRows } from '../__fixtures__/snapshots';
import { loadBranchOfficeScenario, type EmulatedRouter, type FaultAction } from '../emulator';
import { previewDeployment, rollbackToBackup, runDeployment, type DeploymentBackup, type DesiredConfig } from './engine.api';

const harness = new Harness();
afterAll(() => harness.close());

const PERMISSION_DENIED: FaultAction = { status: 500, body: { detail: 'not enough permissions (9)', error: 500, message: 'Internal Server Error' } };

/** A branch router, optionally already holding `deployed`, plus a client. */
async function prepared(deployed?: DesiredConfig): Promise<{ router: EmulatedRouter; client: ReturnType<Harness['client']> }> {
  const router = await harness.router();
  loadBranchOfficeScenario(router.state);
  const client = harness.client(router);
  if (deployed) expect((await runDeployment(client, deployed)).outcome).toBe('success');
  return { router, client };
}

async function callCount(desired: DesiredConfig, deployed?: DesiredConfig): Promise<number> {
  const { client } = await prepared(deployed);
  return (await previewDeployment(client, desired)).calls.length;
}

describe('a failure at any write rolls back exactly', () => {
  it('on a first deploy, for every position of the failing write', async () => {
    const total = await callCount(branchOverlay);
    expect(total).toBeGreaterThan(8);
    for (let nth = 1; nth <= total; nth++) {
      const { router, client } = await prepared();
      const before = configOf(router.snapshot());
      router.injectFault({ match: { writes: true }, nth, fault: PERMISSION_DENIED });
      const result = await runDeployment(client, branchOverlay);
      expect({ nth, outcome: result.outcome, code: result.error?.code, rollback: result.rollback?.outcome }).toEqual({ nth, outcome: 'failed', code: 'ROUTEROS.PERMISSION_DENIED', rollback: 'restored' });
      expect(result.appliedCalls).toHaveLength(nth);
      expect({ nth, config: configOf(router.snapshot()) }).toEqual({ nth, config: before });
    }
  });

  it('on an update that creates, changes and deletes rows, for every position of the failing write', async () => {
    // Removals of one menu go as one batched call, so there are fewer writes than planned calls.
    const total = await (async () => {
      const { client } = await prepared(branchOverlayUpdated);
      return (await runDeployment(client, branchOverlayReshaped)).writeCount;
    })();
    expect(total).toBeGreaterThan(3);
    const kinds = new Set((await (async () => {
      const { client } = await prepared(branchOverlayUpdated);
      return (await previewDeployment(client, branchOverlayReshaped)).calls.map((call) => call.method);
    })()));
    expect([...kinds].sort()).toEqual(['DELETE', 'PATCH', 'PUT']);
    for (let nth = 1; nth <= total; nth++) {
      const { router, client } = await prepared(branchOverlayUpdated);
      const before = router.snapshot();
      router.injectFault({ match: { writes: true }, nth, fault: PERMISSION_DENIED });
      const result = await runDeployment(client, branchOverlayReshaped);
      expect({ nth, outcome: result.outcome, rollback: result.rollback?.outcome }).toEqual({ nth, outcome: 'failed', rollback: 'restored' });
      const after = router.snapshot();
      expect({ nth, rows: foreignRows(after) }).toEqual({ nth, rows: foreignRows(before) });
      // Deleted rows come back with new ids (RouterOS never reuses one), same fields, same order.
      expect({ nth, rows: managedRows(after, true) }).toEqual({ nth, rows: managedRows(before, true) });
    }
  });

  it('cleans up a row the router created although the call reported failure', async () => {
    const { router, client } = await prepared();
    const before = configOf(router.snapshot());
    router.injectFault({ match: { method: 'PUT', pathPrefix: '/rest/ip/firewall/filter' }, fault: { status: 400, body: { detail: 'failure: this is configured elsewhere', error: 400, message: 'Bad Request' } }, applied: true });
    const result = await runDeployment(client, branchOverlay);
    expect(result).toMatchObject({ outcome: 'failed', error: { code: 'ROUTEROS.REQUEST_FAILED', detail: 'failure: this is configured elsewhere' }, rollback: { outcome: 'restored' } });
    expect(configOf(router.snapshot())).toEqual(before);
  });

  it('types a 401 in the middle of a deployment', async () => {
    const { router, client } = await prepared();
    router.injectFault({ match: { writes: true }, nth: 2, fault: { status: 401 } });
    const result = await runDeployment(client, branchOverlay);
    expect(result.error).toMatchObject({ code: 'ROUTEROS.AUTH_FAILED', suggestion: expect.stringContaining('rest-api') });
    expect(result.rollback?.outcome).toBe('restored');
  });

  it('types a write that never answers as a timeout and still rolls back', async () => {
    const { router } = await prepared(branchOverlay);
    const client = harness.client(router, { timeoutMs: 150 });
    const before = configOf(router.snapshot());
    // PATCH is repeated on an unclear failure, so every attempt must hang.
    for (let attempt = 0; attempt < 4; attempt++) router.injectFault({ match: { method: 'PATCH' }, fault: 'timeout' });
    const result = await runDeployment(client, branchOverlayUpdated);
    expect(result).toMatchObject({ outcome: 'failed', error: { code: 'ROUTEROS.TIMEOUT' }, rollback: { outcome: 'restored' } });
    expect(configOf(router.snapshot())).toEqual(before);
  });

  it('reports a rollback that fails too', async () => {
    const { router, client } = await prepared();
    router.injectFault({ match: { writes: true }, nth: 3, fault: PERMISSION_DENIED });
    // The rollback's first delete is the fourth write.
    router.injectFault({ match: { writes: true }, nth: 4, fault: PERMISSION_DENIED });
    const result = await runDeployment(client, branchOverlay);
    expect(result.outcome).toBe('failed');
    expect(result.rollback).toMatchObject({ outcome: 'failed', error: { code: 'ROUTEROS.PERMISSION_DENIED' } });
    expect(result.reason).toContain('The rollback failed too');
    expect(result.steps.at(-1)).toMatchObject({ name: 'rollback', status: 'failed' });
  });

  it('restores every other row when the router refuses one restore call', async () => {
    const { router, client } = await prepared();
    const before = configOf(router.snapshot());
    router.injectFault({ match: { writes: true }, nth: 3, fault: PERMISSION_DENIED });
    // The rollback deletes the two rows the job created; the router refuses the first delete.
    router.injectFault({ match: { writes: true }, nth: 4, fault: PERMISSION_DENIED });
    const result = await runDeployment(client, branchOverlay);
    expect(result.rollback).toMatchObject({ outcome: 'failed', error: { code: 'ROUTEROS.PERMISSION_DENIED', message: expect.stringContaining('1 of 2 restore call(s) were refused') } });
    expect(result.rollback?.calls.map((call) => call.method)).toEqual(['DELETE', 'DELETE']);
    const left = managedRows(router.snapshot());
    expect(Object.values(left).flat()).toHaveLength(1);
    expect(foreignRows(router.snapshot())).toEqual(foreignRows(before));
  });

  it('stops restoring when the router stops answering', async () => {
    const { router, client } = await prepared();
    router.injectFault({ match: { writes: true }, nth: 3, fault: PERMISSION_DENIED });
    for (let attempt = 0; attempt < 4; attempt++) router.injectFault({ match: { method: 'DELETE' }, fault: 'reset' });
    const result = await runDeployment(client, branchOverlay);
    expect(result.rollback).toMatchObject({ outcome: 'failed', error: { code: 'ROUTEROS.UNREACHABLE' }, summary: { restored: 0, failed: 1 } });
    expect(result.rollback?.calls).toHaveLength(1);
    expect(result.rollback?.rows).toEqual([expect.objectContaining({ action: 'delete', outcome: 'failed' })]);
  });
});

describe('rollbackToBackup', () => {
  it('returns to an earlier deployment, recreating deleted rules in their place', async () => {
    const { router, client } = await prepared(branchOverlayUpdated);
    const before = router.snapshot();
    const reshape = await runDeployment(client, branchOverlayReshaped);
    expect(reshape.outcome).toBe('success');
    const report = await rollbackToBackup(client, reshape.backup as DeploymentBackup);
    expect(report).toMatchObject({ outcome: 'restored', error: null });
    expect(report.calls.map((call) => call.method)).toEqual(expect.arrayContaining(['DELETE', 'PATCH', 'PUT']));
    const after = router.snapshot();
    expect(foreignRows(after)).toEqual(foreignRows(before));
    expect(managedRows(after, true)).toEqual(managedRows(before, true));
    // Restoring again finds nothing to do.
    expect((await rollbackToBackup(client, reshape.backup as DeploymentBackup)).calls).toEqual([]);
  });

  it('reports each row it restored or could not, and restoring again finishes the job', async () => {
    const { router, client } = await prepared();
    const before = configOf(router.snapshot());
    const deployed = await runDeployment(client, branchOverlay);
    expect(deployed.outcome).toBe('success');
    // The router refuses the first single-row DELETE that undoes the deployment (the other rows go in batches).
    router.injectFault({ match: { method: 'DELETE' }, nth: 1, fault: PERMISSION_DENIED });
    const first = await rollbackToBackup(client, deployed.backup as DeploymentBackup);
    expect(first).toMatchObject({ outcome: 'failed', error: { code: 'ROUTEROS.PERMISSION_DENIED' }, summary: { failed: 1 } });
    expect(first.rows).toHaveLength(first.calls.length);
    expect(first.summary.restored).toBe(first.rows.length - 1);
    expect(first.summary.restored).toBeGreaterThan(0);
    const refused = first.rows.filter((row) => row.outcome === 'failed');
    expect(refused).toEqual([expect.objectContaining({ action: 'delete', error: 'not enough permissions (9)' })]);
    const refusedAt = first.rows.indexOf(refused[0]!);
    expect(first.calls[refusedAt]).toMatchObject({ method: 'DELETE', comment: refused[0]?.comment });

    // Only the refused row is still different, so the second restore sends just that.
    const second = await rollbackToBackup(client, deployed.backup as DeploymentBackup);
    expect(second).toMatchObject({ outcome: 'restored', error: null, summary: { restored: 1, failed: 0 } });
    expect(second.rows).toEqual([{ ...refused[0], outcome: 'restored', error: null }]);
    expect(configOf(router.snapshot())).toEqual(before);
  });

  it('restores the order of our rules when someone reordered them', async () => {
    const { router, client } = await prepared(branchOverlayUpdated);
    const first = await runDeployment(client, branchOverlayUpdated);
    const before = router.snapshot();
    const ours = (managedRows(before)['/ip/firewall/filter'] ?? []).map((row) => row['.id'] ?? '');
    await client.command('/ip/firewall/filter/move', { numbers: ours[0] });
    await client.command('/ip/firewall/nat/move', { numbers: managedRows(before)['/ip/firewall/nat']?.[0]?.['.id'] });
    const report = await rollbackToBackup(client, first.backup as DeploymentBackup);
    expect(report.calls.map((call) => call.method)).toEqual(['POST', 'POST']);
    expect(configOf(router.snapshot())).toEqual(configOf(before));
  });

  it('refuses a tampered backup before writing anything', async () => {
    const { router, client } = await prepared(branchOverlay);
    const { backup } = await runDeployment(client, branchOverlayUpdated);
    const valid = backup as DeploymentBackup;
    const peers = valid.tables['/interface/wireguard/peers'] ?? [];
    type Editable = { tables: Record<string, { row: Record<string, string>; before: string | null }[]> };
    const tamper = (change: (first: { row: Record<string, string>; before: string | null }, copy: Editable) => void, menu = '/ip/route'): DeploymentBackup => {
      const copy = JSON.parse(JSON.stringify(valid)) as Editable;
      const first = copy.tables[menu]?.[0];
      if (!first) throw new Error(`the backup has no ${menu} row to tamper with`);
      change(first, copy);
      return copy as unknown as DeploymentBackup;
    };
    const hostile: readonly [string, DeploymentBackup][] = [
      ['foreign comment', tamper((first) => void (first.row['comment'] = 'defconf: drop invalid'), '/interface/wireguard/peers')],
      ['other overlay', tamper((first) => void (first.row['comment'] = 'WAN-Overlay-Manager:00000000-0000-8000-8000-000000000000'), '/interface/wireguard/peers')],
      ['property name', tamper((first) => void (first.row['gateway"; /system reset'] = 'x'))],
      ['newline in value', tamper((first) => void (first.row['gateway'] = 'wg\n/system reset'))],
      ['bad id', tamper((first) => void (first.row['.id'] = '../../system'))],
      ['bad anchor', tamper((first) => void (first.before = 'first'))],
      ['unknown menu', tamper((_first, copy) => void (copy.tables['/system/script'] = []))],
      ['wrong format', { ...valid, format: 'other' } as unknown as DeploymentBackup],
      ['no peer', { ...valid, peerId: '' }],
      ['not an object', null as unknown as DeploymentBackup],
    ];
    expect(peers.length).toBeGreaterThan(0);
    const writes = router.writeCalls().length;
    for (const [label, backup] of hostile) {
      const report = await rollbackToBackup(client, backup);
      expect({ label, outcome: report.outcome, code: report.error?.code }).toEqual({ label, outcome: 'failed', code: 'DEPLOY.INVALID_BACKUP' });
    }
    expect(router.writeCalls().length).toBe(writes);
  });

  it('honours an already aborted signal', async () => {
    const { client } = await prepared(branchOverlay);
    const { backup } = await runDeployment(client, branchOverlayUpdated);
    const report = await rollbackToBackup(client, backup as DeploymentBackup, { signal: AbortSignal.abort() });
    expect(report).toMatchObject({ outcome: 'failed', error: { code: 'DEPLOY.CANCELLED' }, calls: [] });
  });
});
