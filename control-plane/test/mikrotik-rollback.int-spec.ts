import { loadBranchOfficeScenario, type EmulatedRouter, type FaultAction } from '@wom/routeros';
import request from 'supertest';
import { configRows, createRouterWan, managedRows, RouterLab, waitForJob, type JobBody } from './harness/mikrotik-routers';
import { startTestApp, type TestApp } from './harness/test-app';

const NOBODY = '00000000-0000-4000-8000-000000000000';
/** RouterOS's answer to a user whose group lacks `write`. */
const PERMISSION_DENIED: FaultAction = { status: 500, body: { detail: 'not enough permissions (9)', error: 500, message: 'Internal Server Error' } };
const SLOW = 60_000;

interface RestoredRow {
  readonly menu: string;
  readonly comment: string;
  readonly action: string;
  readonly outcome: 'restored' | 'failed';
  readonly error: string | null;
}
const rollbackOf = (job: JobBody) => (job.result as { rollback: { outcome: string; rows: RestoredRow[]; summary: { restored: number; failed: number } } }).rollback;

/**
 * Manual rollback against the RouterOS emulator (real PostgreSQL): which deployment it restores
 * by default, the targets it refuses, and a restore the router refuses in part.
 */
describe('MikroTik rollback: default target, refusals, a partly refused restore (real PostgreSQL, emulated router)', () => {
  let t: TestApp;
  let lab: RouterLab;
  let routerIds: string[];
  let router: EmulatedRouter;
  beforeAll(async () => {
    t = await startTestApp({ JOB_POLL_INTERVAL_MS: '50', DRIFT_CHECK_CRON: 'off', MONITOR_INTERVAL_SECONDS: '0', WOM_MASTER_KEY: 'd'.repeat(64), RATE_LIMIT_HEAVY: '0' });
    lab = new RouterLab(t);
    ({ routerIds } = await createRouterWan(t, 'rollback', 2));
    router = await lab.addRouter(routerIds[0]!, { identity: 'branch-1' });
    loadBranchOfficeScenario(router.state);
  });
  afterAll(async () => {
    await lab.close();
    await t.close();
  });

  const api = () => request(t.http);
  const run = async (path: string, body: object = {}) => waitForJob(t, (await api().post(path).send(body).expect(202)).body.id as string, undefined, SLOW);
  const deploy = (peerId = routerIds[0]!) => run(`/api/peers/${peerId}/mikrotik/deploy`);
  const rollback = (body: object = {}) => api().post(`/api/peers/${routerIds[0]}/mikrotik/rollback`).send(body);
  const rollbackJobs = async () => (await api().get(`/api/peers/${routerIds[0]}/jobs?type=rollback`).expect(200)).body.total as number;

  it('restores, by default, the last deployment that changed the router, not a later redeploy that wrote nothing', async () => {
    const pristine = configRows(router);
    const changed = await deploy();
    expect(changed).toMatchObject({ status: 'completed', hasBackup: true });
    expect(changed.result!['writeCount']).toBeGreaterThan(0);
    const noOp = await deploy();
    expect(noOp).toMatchObject({ status: 'completed', hasBackup: true, result: expect.objectContaining({ writeCount: 0 }) });

    // The target is chosen when the rollback is asked for, and the answer says which it is.
    const queued = (await rollback().expect(202)).body;
    expect(queued.parameters).toEqual({ fromJobId: changed.id });
    const job = await waitForJob(t, queued.id, undefined, SLOW);
    expect(job).toMatchObject({ status: 'completed', result: expect.objectContaining({ fromJobId: changed.id }) });
    expect(rollbackOf(job)).toMatchObject({ outcome: 'restored', summary: { failed: 0 } });
    expect(rollbackOf(job).summary.restored).toBeGreaterThan(0);
    // Back to before the first deployment, foreign rows included, row for row.
    expect(configRows(router)).toEqual(pristine);
  }, SLOW * 2);

  it('refuses a target of another router, one that writes nothing, one without a backup and one that does not exist, naming jobId', async () => {
    await lab.addRouter(routerIds[1]!, { identity: 'branch-2' });
    const otherRouters = await run(`/api/peers/${routerIds[1]}/mikrotik/test-connection`);
    const readOnly = await run(`/api/peers/${routerIds[0]}/mikrotik/verify`);
    // A deployment that ended before it read the router: no backup was ever taken.
    const [{ id: noBackup }] = await t.database.manager.query(
      `INSERT INTO deployment_job (wan_id, peer_id, job_type, status, error_message, completed_at) SELECT wan_id, id, 'deploy-config', 'failed', 'router unreachable', now() FROM peer WHERE id = $1 RETURNING id`,
      [routerIds[0]],
    );
    const before = await rollbackJobs();
    const cases: [object, number, string, RegExp][] = [
      [{ jobId: otherRouters.id }, 400, 'VALIDATION.FAILED', /belongs to another router/],
      [{ jobId: readOnly.id }, 400, 'VALIDATION.FAILED', /is a verify job, which takes no backup to restore; pick a deploy-config or reconcile job/],
      [{ jobId: noBackup }, 409, 'MIKROTIK.NO_BACKUP', /stored no backup .* nothing to restore/],
      [{ jobId: NOBODY }, 404, 'JOB.NOT_FOUND', /No job has the id/],
      [{ jobId: null }, 400, 'VALIDATION.FAILED', /jobId must be a deployment job id/],
      [{ jobId: 7 }, 400, 'VALIDATION.FAILED', /jobId must be a deployment job id/],
      [{ jobId: { id: NOBODY } }, 400, 'VALIDATION.FAILED', /jobId must be a deployment job id/],
    ];
    for (const [body, status, code, reason] of cases) {
      const res = await rollback(body);
      expect({ body, status: res.status, code: res.body.code, fields: res.body.fields }).toEqual({ body, status, code, fields: [{ field: 'jobId', reason: expect.stringMatching(reason) }] });
    }
    expect(await rollbackJobs()).toBe(before);
  }, SLOW * 2);

  it('records each row of a restore the router refuses in part, and running it again finishes the restore', async () => {
    const pristine = configRows(router);
    const changed = await deploy();
    expect(changed.status).toBe('completed');
    // The restore deletes what the deployment created; the router refuses the second delete.
    router.injectFault({ match: { method: 'DELETE' }, nth: 2, fault: PERMISSION_DENIED });
    let first: JobBody;
    try {
      first = await waitForJob(t, (await rollback().expect(202)).body.id as string, undefined, SLOW);
    } finally {
      router.clearFaults();
    }
    expect(first).toMatchObject({ status: 'failed', errorCode: 'ROLLBACK.FAILED', result: expect.objectContaining({ fromJobId: changed.id }) });
    expect(first.errorMessage).toMatch(/row\(s\) restored, 1 failed.*Run the rollback again/);
    const report = rollbackOf(first);
    const refused = report.rows.filter((row) => row.outcome === 'failed');
    expect(refused).toEqual([expect.objectContaining({ action: 'delete', error: 'not enough permissions (9)' })]);
    expect(report.summary).toEqual({ restored: report.rows.length - 1, failed: 1 });
    expect(report.summary.restored).toBeGreaterThan(0);
    // Every other row went back; the refused one is still on the router.
    const left = Object.values(managedRows(router)).flat();
    expect(left.map((row) => row['comment'])).toEqual([refused[0]!.comment]);

    // Running the same rollback again restores only what is still different, and ends it.
    const retry = (await api().post(`/api/jobs/${first.id}/retry`).expect(202)).body;
    expect(retry.parameters).toEqual({ fromJobId: changed.id });
    const second = await waitForJob(t, retry.id, undefined, SLOW);
    expect(second).toMatchObject({ status: 'completed', errorMessage: null });
    expect(rollbackOf(second)).toMatchObject({ outcome: 'restored', summary: { restored: 1, failed: 0 }, rows: [{ ...refused[0], outcome: 'restored', error: null }] });
    expect(configRows(router)).toEqual(pristine);
  }, SLOW * 2);
});
