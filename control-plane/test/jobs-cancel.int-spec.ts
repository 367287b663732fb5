import type { AddressInfo } from 'node:net';
import { loadBranchOfficeScenario, type EmulatedRouter } from '@wom/routeros';
import request from 'supertest';
import { configRows, createRouterWan, eventually, readEvents, RouterLab, waitForJob, writeCalls, type JobBody } from './harness/mikrotik-routers';
import { startTestApp, type TestApp } from './harness/test-app';

const SLOW = 60_000;
/** The apply call the test holds open at the router while it cancels; long enough for any loaded machine to cancel in. */
const HOLD_MS = 5_000;

/** Consecutive duplicates dropped: the states a job went through, in order. */
const states = (statuses: readonly string[]): string[] => statuses.filter((status, i) => status !== statuses[i - 1]);

/**
 * Cancelling a running deployment (real PostgreSQL, emulated router): the job says `cancelling`
 * while its worker rolls back and `cancelled` once the router is restored, through the API and
 * the event stream; a worker that dies while cancelling is taken over and ends the same way.
 */
describe('Cancelling a running job (real PostgreSQL, emulated router)', () => {
  let t: TestApp;
  let lab: RouterLab;
  let port: number;
  let routerId: string;
  let router: EmulatedRouter;
  beforeAll(async () => {
    t = await startTestApp({ JOB_POLL_INTERVAL_MS: '50', DRIFT_CHECK_CRON: 'off', MONITOR_INTERVAL_SECONDS: '0', WOM_MASTER_KEY: 'e'.repeat(64) });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    lab = new RouterLab(t);
    const { routerIds } = await createRouterWan(t, 'cancel', 1);
    routerId = routerIds[0]!;
    router = await lab.addRouter(routerId, { identity: 'branch-1' });
    loadBranchOfficeScenario(router.state);
  });
  afterAll(async () => {
    await lab.close();
    await t.close();
  });

  const api = () => request(t.http);
  const getJob = async (id: string) => (await api().get(`/api/jobs/${id}`).expect(200)).body as JobBody;
  const deploy = async () => (await api().post(`/api/peers/${routerId}/mikrotik/deploy`).send({}).expect(202)).body.id as string;
  const setSubnets = (cidrs: string[]) => api().put(`/api/peers/${routerId}`).send({ subnets: cidrs.map((cidr) => ({ cidr })) }).expect(200);

  it('goes running → cancelling → cancelled, in the API and in the events, and leaves the router exactly as it was', async () => {
    expect((await waitForJob(t, await deploy(), undefined, SLOW)).status).toBe('completed');
    await setSubnets(['192.168.10.0/24', '192.168.91.0/24', '192.168.92.0/24', '192.168.93.0/24', '192.168.94.0/24', '192.168.95.0/24']);
    const planned = (await api().post(`/api/peers/${routerId}/mikrotik/preview`).send({}).expect(200)).body.calls as unknown[];
    expect(planned.length).toBeGreaterThanOrEqual(3);
    const before = configRows(router);
    const writes = writeCalls(router);

    // The third write of the apply is held at the router, so the cancel lands mid-apply on any machine.
    router.injectFault({ match: { writes: true }, nth: 3, fault: { delayMs: HOLD_MS } });
    const events = readEvents(port, (text) => /"status":"cancelled"/.test(text), SLOW);
    await events.ready;
    const seen: string[] = [];
    let jobId = '';
    try {
      jobId = await deploy();
      await eventually(async () => writeCalls(router) >= writes + 2, SLOW, 'the deployment writing');
      seen.push((await getJob(jobId)).status);
      const cancelled = (await api().post(`/api/jobs/${jobId}/cancel`).expect(200)).body as JobBody;
      seen.push(cancelled.status);
      expect(cancelled.completedAt).toBeNull();
      // Only a job that is really working can be cancelled; this one is already on its way.
      expect((await api().post(`/api/jobs/${jobId}/cancel`).expect(409)).body.message).toMatch(/already being cancelled/);
      const job = await eventually(async () => {
        const current = await getJob(jobId);
        seen.push(current.status);
        return current.status === 'cancelled' ? current : null;
      }, SLOW, 'the job to end cancelled');

      expect(states(seen)).toEqual(['running', 'cancelling', 'cancelled']);
      expect(job).toMatchObject({ errorCode: 'JOB.CANCELLED', completedAt: expect.any(String), result: expect.objectContaining({ outcome: 'cancelled' }) });
      expect(job.errorMessage).toMatch(/cancelled.*restored from the backup \(\d+ row\(s\) restored, 0 failed\)/);
      const rollback = (job.result as { rollback: { outcome: string; rows: { outcome: string }[]; summary: { restored: number; failed: number } } }).rollback;
      expect(rollback).toMatchObject({ outcome: 'restored', summary: { failed: 0 } });
      // What the apply wrote before it stopped is undone, row by row.
      expect(rollback.summary.restored).toBeGreaterThan(0);
      expect(rollback.rows).toHaveLength(rollback.summary.restored);
      expect(rollback.rows.every((row) => row.outcome === 'restored')).toBe(true);
      expect(job.steps.find((step) => step.name === 'rollback')).toMatchObject({ status: 'succeeded' });

      const frames = (await events.done).split('\n\n').filter((frame) => frame.includes(jobId)).map((frame) => JSON.parse(frame.split('data: ')[1]!) as { status: string; progressPercent: number });
      expect(states(frames.map((frame) => frame.status))).toEqual(['running', 'cancelling', 'cancelled']);
      const percents = frames.map((frame) => frame.progressPercent);
      expect(percents).toEqual([...percents].sort((a, b) => a - b));
    } finally {
      events.close();
      router.clearFaults();
    }
    // Every row, ours and foreign, as it was before the cancelled deployment: same ids, same fields, same order.
    expect(configRows(router)).toEqual(before);
  }, SLOW * 3);

  it('takes over a job whose worker died while cancelling: restores its backup, then ends it cancelled', async () => {
    const before = configRows(router);
    const applied = await waitForJob(t, await deploy(), undefined, SLOW);
    expect(applied).toMatchObject({ status: 'completed', hasBackup: true });
    expect(configRows(router)).not.toEqual(before);

    // What a worker that died mid-rollback leaves: a cancelling job, its lease run out, the backup it took.
    const [{ id }] = await t.database.manager.query(
      `INSERT INTO deployment_job (wan_id, peer_id, job_type, status, started_at, locked_by, locked_until, backup, progress_percent)
       SELECT wan_id, peer_id, 'deploy-config', 'cancelling', now() - interval '1 minute', 'dead-host:4242:0000', now() - interval '5 seconds', backup, 40
         FROM deployment_job WHERE id = $1 RETURNING id`,
      [applied.id],
    );
    const job = await waitForJob(t, id as string, undefined, SLOW);
    expect(job).toMatchObject({ status: 'cancelled', errorCode: 'JOB.CANCELLED', result: expect.objectContaining({ recovered: true }) });
    expect(job.errorMessage).toMatch(/cancelled, and the control plane stopped while it was rolling back\. Its changes were rolled back from the backup/);
    expect((job.result as { rollback: { outcome: string; summary: { failed: number } } }).rollback).toMatchObject({ outcome: 'restored', summary: { failed: 0 } });
    expect(configRows(router)).toEqual(before);
  }, SLOW * 2);
});
