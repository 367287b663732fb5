import type { AddressInfo } from 'node:net';
import { loadBranchOfficeScenario, type EmulatedRouter } from '@wom/routeros';
import request from 'supertest';
import { createRouterWan, eventually, managedRows, configRows, readEvents, RouterLab, ROUTER_PASSWORD, waitForJob, writeCalls } from './harness/mikrotik-routers';
import { startTestApp, type TestApp } from './harness/test-app';

describe('MikroTik deployment jobs end to end against the RouterOS emulator (real PostgreSQL)', () => {
  let t: TestApp;
  let lab: RouterLab;
  let port: number;
  let wanId: string;
  let routerIds: string[];
  let router: EmulatedRouter;
  beforeAll(async () => {
    t = await startTestApp({ JOB_POLL_INTERVAL_MS: '50', DRIFT_CHECK_CRON: 'off', MONITOR_INTERVAL_SECONDS: '0', WOM_MASTER_KEY: 'b'.repeat(64), RATE_LIMIT_HEAVY: '0' });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    lab = new RouterLab(t);
    ({ wanId, routerIds } = await createRouterWan(t, 'deploy', 4));
    router = await lab.addRouter(routerIds[0]!, { identity: 'branch-1' });
    loadBranchOfficeScenario(router.state);
  });
  afterAll(async () => {
    await lab.close();
    await t.close();
  });

  const api = () => request(t.http);
  const deploy = async (peerId: string, body: object = {}) => (await api().post(`/api/peers/${peerId}/mikrotik/deploy`).send(body).expect(202)).body.id as string;
  const setSubnets = (peerId: string, cidrs: string[]) => api().put(`/api/peers/${peerId}`).send({ subnets: cidrs.map((cidr) => ({ cidr })) }).expect(200);
  const backupOf = async (jobId: string) => (await t.database.manager.query(`SELECT backup FROM deployment_job WHERE id = $1`, [jobId]))[0].backup;

  let firstDeployment: string;
  it('deploys through a job with steps, progress, a call log, a backup and SSE progress events', async () => {
    const foreignBefore = configRows(router);
    const events = readEvents(port, (text) => /"status":"completed"/.test(text));
    await events.ready;
    try {
      firstDeployment = await deploy(routerIds[0]!);
      const job = await waitForJob(t, firstDeployment);
      expect(job).toMatchObject({ status: 'completed', progressPercent: 100, errorMessage: null, hasBackup: true, attempt: 1 });
      expect(job.steps.map((step) => step.name)).toEqual(expect.arrayContaining(['preflight', 'read', 'plan', 'backup', 'apply', 'verify']));
      expect(job.steps.every((step) => step.status === 'succeeded' || step.status === 'skipped')).toBe(true);
      expect(job.result).toMatchObject({ outcome: 'success', writeCount: expect.any(Number) });
      expect(job.result!['writeCount']).toBeGreaterThan(0);
      expect((job['operationsLog'] as unknown[]).length).toBe(job.result!['writeCount']);

      const logs = (await api().get(`/api/jobs/${firstDeployment}/logs?limit=200`).expect(200)).body;
      expect(logs.total).toBe(router.calls.length);
      expect(logs.items.filter((call: { method: string }) => call.method !== 'GET')).toHaveLength(writeCalls(router));
      expect(JSON.stringify(logs)).not.toContain(ROUTER_PASSWORD);

      // The router made its key; the peer now carries its public half.
      const iface = router.state.rows('/interface/wireguard').find((row) => row['name'] === 'wg-wan-overlay');
      expect((await api().get(`/api/peers/${routerIds[0]}`).expect(200)).body.publicKey).toBe(iface?.['public-key']);
      // Foreign rows stay exactly as they were.
      const after = configRows(router);
      for (const menu of Object.keys(foreignBefore)) {
        expect(after[menu]!.filter((row) => !(row['comment'] ?? '').startsWith('WAN-Overlay-Manager'))).toEqual(foreignBefore[menu]);
      }

      const stream = await events.done;
      const frames = stream.split('\n\n').filter((frame) => frame.includes(firstDeployment)).map((frame) => JSON.parse(frame.split('data: ')[1]!));
      expect(frames[0]).toMatchObject({ jobId: firstDeployment, status: 'running' });
      expect(frames.at(-1)).toMatchObject({ jobId: firstDeployment, status: 'completed', progressPercent: 100 });
      const percents = frames.map((frame) => frame.progressPercent as number);
      expect(percents).toEqual([...percents].sort((a, b) => a - b));
      expect(frames.length).toBeGreaterThan(3);
    } finally {
      events.close();
    }
  });

  it('redeploys an unchanged state with zero write calls', async () => {
    const writes = writeCalls(router);
    const job = await waitForJob(t, await deploy(routerIds[0]!));
    expect(job).toMatchObject({ status: 'completed', result: expect.objectContaining({ writeCount: 0 }) });
    expect(writeCalls(router)).toBe(writes);
  });

  it('rolls back automatically when the router fails mid-apply, leaving the managed rows as they were', async () => {
    // A change that makes the next deployment write several rows.
    await setSubnets(routerIds[0]!, ['192.168.10.0/24', '192.168.97.0/24', '192.168.98.0/24', '192.168.99.0/24']);
    const planned = (await api().post(`/api/peers/${routerIds[0]}/mikrotik/preview`).send({}).expect(200)).body.calls;
    expect(planned.filter((call: { method: string }) => call.method === 'PUT').length).toBeGreaterThanOrEqual(3);
    const before = managedRows(router);
    const writes = writeCalls(router);
    router.injectFault({ match: { method: 'PUT' }, nth: 2, fault: { status: 400, body: { error: 400, message: 'Bad Request', detail: 'failure: injected by the test' } } });
    let job;
    try {
      job = await waitForJob(t, await deploy(routerIds[0]!));
    } finally {
      router.clearFaults();
    }
    expect(job.status).toBe('failed');
    expect(job.errorMessage).toMatch(/restored from the backup/);
    expect(job.result).toMatchObject({ outcome: 'failed', rollback: { outcome: 'restored' } });
    expect(job.steps.find((step) => step.name === 'rollback')).toMatchObject({ status: 'succeeded' });
    expect(writeCalls(router)).toBeGreaterThan(writes);
    expect(managedRows(router)).toEqual(before);
  });

  it('cancels a running deployment at a step boundary and rolls back what it applied', async () => {
    await setSubnets(routerIds[0]!, ['192.168.10.0/24', '192.168.91.0/24', '192.168.92.0/24', '192.168.93.0/24', '192.168.94.0/24', '192.168.95.0/24']);
    const before = managedRows(router);
    router.setLatency(120);
    try {
      const jobId = await deploy(routerIds[0]!);
      const writes = writeCalls(router);
      await eventually(async () => writeCalls(router) > writes, 15_000, 'the deployment writing');
      const cancelled = (await api().post(`/api/jobs/${jobId}/cancel`).expect(200)).body;
      expect(cancelled.status).toBe('cancelling');
      const job = await eventually(async () => {
        const row = (await t.database.manager.query(`SELECT status, locked_by, result, error_message FROM deployment_job WHERE id = $1`, [jobId]))[0];
        return row.locked_by === null ? row : null;
      }, 20_000, 'the worker to finish the cancelled job');
      expect(job.status).toBe('cancelled');
      expect(job.result).toMatchObject({ outcome: 'cancelled', rollback: { outcome: 'restored' } });
    } finally {
      router.setLatency(0);
    }
    expect(managedRows(router)).toEqual(before);
  });

  it('rolls back manually to the state before an earlier deployment', async () => {
    const completed = await waitForJob(t, await deploy(routerIds[0]!));
    expect(completed.status).toBe('completed');
    expect(Object.values(managedRows(router)).flat().length).toBeGreaterThan(0);
    const firstBackup = await backupOf(firstDeployment);
    const rollback = (await api().post(`/api/peers/${routerIds[0]}/mikrotik/rollback`).send({ jobId: firstDeployment }).expect(202)).body;
    const job = await waitForJob(t, rollback.id);
    expect(job).toMatchObject({ status: 'completed', result: expect.objectContaining({ fromJobId: firstDeployment, rollback: expect.objectContaining({ outcome: 'restored' }) }) });
    // The first deployment's backup held no overlay rows: the router is back to before it.
    expect(Object.values(firstBackup.tables).flat()).toEqual([]);
    expect(Object.values(managedRows(router)).flat()).toEqual([]);
  });

  it('deploy-all deploys every router and sums up which succeeded and which failed', async () => {
    await lab.addRouter(routerIds[1]!);
    await lab.addRouter(routerIds[2]!, { password: 'wrong' });
    await lab.addRouter(routerIds[3]!);
    const res = await api().post(`/api/wan/${wanId}/mikrotik/deploy-all`).send({ waitSeconds: 60 }).expect(200);
    expect(res.body.summary.total).toBe(4);
    expect(res.body.summary.unfinished).toEqual([]);
    expect(res.body.summary.succeeded.map((line: { peerId: string }) => line.peerId).sort()).toEqual([routerIds[0], routerIds[1], routerIds[3]].sort());
    expect(res.body.summary.failed).toEqual([expect.objectContaining({ peerId: routerIds[2], peerName: 'branch-3', status: 'failed', errorMessage: expect.stringMatching(/password|credentials/i) })]);
  });
});
