import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from 'pg';
import request from 'supertest';
import { createApp } from '../src/app.factory';
import { loadAppConfig } from '../src/config/app-config';
import { Database } from '../src/database/database';
import { createRouterWan, eventually, managedRows, RouterLab, waitForJob, type JobBody } from './harness/mikrotik-routers';
import { createTestDatabase, startTestApp, type TestApp, type TestDatabase } from './harness/test-app';

const MASTER_KEY = 'c'.repeat(64);
// ROUTER_ALLOW_LOOPBACK: the emulated routers listen on 127.0.0.1.
const QUIET = { DRIFT_CHECK_CRON: 'off', MONITOR_INTERVAL_SECONDS: '0', NATS_EMBEDDED: 'false', WOM_MASTER_KEY: MASTER_KEY, LOG_LEVEL: 'silent', ROUTER_ALLOW_LOOPBACK: 'true' };

/** An app on an existing database, so a test can stop one control plane and start the next. */
async function boot(db: TestDatabase, env: Record<string, string>): Promise<TestApp> {
  const app: NestExpressApplication = await createApp(loadAppConfig({ DATABASE_URL: db.url, DB_POOL_SIZE: '5', ...QUIET, ...env }));
  app.useLogger(false);
  await app.init();
  return { app, http: app.getHttpServer(), database: app.get(Database), close: () => app.close() };
}

describe('Job runner: bounded concurrency, one job per router, failure isolation, retry (real PostgreSQL)', () => {
  let t: TestApp;
  let lab: RouterLab;
  let routerIds: string[];
  beforeAll(async () => {
    t = await startTestApp({ ...QUIET, JOB_CONCURRENCY: '2', JOB_POLL_INTERVAL_MS: '50' });
    lab = new RouterLab(t);
    ({ routerIds } = await createRouterWan(t, 'runner', 5));
  });
  afterAll(async () => {
    await lab.close();
    await t.close();
  });

  const api = () => request(t.http);
  const deploy = async (peerId: string) => (await api().post(`/api/peers/${peerId}/mikrotik/deploy`).send({}).expect(202)).body.id as string;

  it('runs at most JOB_CONCURRENCY jobs at once, and one failing router does not stop the others', async () => {
    for (const [i, id] of routerIds.entries()) (await lab.addRouter(id, i === 1 ? { password: 'wrong' } : {})).setLatency(15);
    let maxRunning = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const [{ count }] = await t.database.manager.query(`SELECT count(*)::int AS count FROM deployment_job WHERE status = 'running'`);
        maxRunning = Math.max(maxRunning, count);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    try {
      const ids = (await api().post(`/api/wan/${(await api().get(`/api/peers/${routerIds[0]}`).expect(200)).body.wanId}/mikrotik/deploy-all`).send({}).expect(202)).body.jobs.map((j: { id: string }) => j.id);
      const jobs = await Promise.all(ids.map((id: string) => waitForJob(t, id, undefined, 60_000)));
      const byPeer = new Map(jobs.map((job) => [job['peerId'] as string, job]));
      expect(byPeer.get(routerIds[1]!)).toMatchObject({ status: 'failed', errorMessage: expect.stringMatching(/password/i) });
      for (const id of routerIds.filter((_, i) => i !== 1)) expect(byPeer.get(id)).toMatchObject({ status: 'completed', progressPercent: 100 });
    } finally {
      sampling = false;
      await sampler;
    }
    expect(maxRunning).toBe(2);
  });

  it('never runs two jobs for one router at the same time', async () => {
    const ids = [await deploy(routerIds[0]!), await deploy(routerIds[0]!), (await api().post(`/api/peers/${routerIds[0]}/mikrotik/test-connection`).send({}).expect(202)).body.id as string];
    const jobs = await Promise.all(ids.map((id) => waitForJob(t, id)));
    expect(jobs.map((job) => job.status)).toEqual(['completed', 'completed', 'completed']);
    const spans = jobs.map((job) => [Date.parse(job['startedAt'] as string), Date.parse(job['completedAt'] as string)] as const).sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0]).toBeGreaterThanOrEqual(spans[i - 1]![1]);
  });

  it('retries a failed job as a new attempt that runs', async () => {
    const failed = (await api().get(`/api/peers/${routerIds[1]}/jobs?status=failed`).expect(200)).body.items[0] as JobBody;
    await lab.connect(routerIds[1]!, lab.emulator.list()[1]!);
    const retry = (await api().post(`/api/jobs/${failed.id}/retry`).expect(202)).body;
    expect(retry).toMatchObject({ attempt: 2, retryOfJobId: failed.id, parameters: { force: false } });
    expect(await waitForJob(t, retry.id)).toMatchObject({ status: 'completed' });
    expect((await api().get(`/api/jobs/${failed.id}`).expect(200)).body.status).toBe('failed');
  });
});

describe('Job runner crash recovery at start (real PostgreSQL, two control planes in a row)', () => {
  let db: TestDatabase;
  let lab: RouterLab | undefined;
  let first: TestApp | undefined;
  let second: TestApp | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await lab?.close();
    await second?.close();
    await first?.close();
    await db.drop();
  });

  it('rolls back a deployment left running by a dead process, fails a stale read-only job, and leaves a live lease alone', async () => {
    first = await boot(db, { JOB_POLL_INTERVAL_MS: '50' });
    lab = new RouterLab(first);
    const { wanId, routerIds } = await createRouterWan(first, 'crash', 3);
    const router = await lab.addRouter(routerIds[0]!);
    await lab.addRouter(routerIds[1]!);
    await lab.addRouter(routerIds[2]!);
    const pristine = managedRows(router);
    const deployed = await waitForJob(first, (await request(first.http).post(`/api/peers/${routerIds[0]}/mikrotik/deploy`).send({}).expect(202)).body.id);
    expect(deployed.status).toBe('completed');
    expect(managedRows(router)).not.toEqual(pristine);
    await first.close();
    first = undefined;

    // What a control plane that died mid-job leaves behind: running jobs with expired leases,
    // the deployment with the backup it stored before writing.
    const client = new Client({ connectionString: db.url });
    await client.connect();
    const insert = async (peerId: string, jobType: string, leaseSeconds: number, backupFrom: string | null): Promise<string> =>
      (
        await client.query(
          `INSERT INTO deployment_job (wan_id, peer_id, job_type, status, started_at, locked_by, locked_until, backup, progress_percent)
           VALUES ($1, $2, $3, 'running', now() - interval '5 minutes', 'dead-host:4242:0000', now() + $4 * interval '1 second',
                   (SELECT backup FROM deployment_job WHERE id = $5::uuid), 40) RETURNING id`,
          [wanId, peerId, jobType, leaseSeconds, backupFrom],
        )
      ).rows[0].id;
    const abandonedDeploy = await insert(routerIds[0]!, 'deploy-config', -60, deployed.id);
    const abandonedCheck = await insert(routerIds[1]!, 'test-connection', -60, null);
    const liveElsewhere = await insert(routerIds[2]!, 'deploy-config', 600, null);
    await client.end();

    // The next control plane to start finds them.
    second = await boot(db, { JOB_POLL_INTERVAL_MS: '50' });
    const get = async (id: string) => (await request(second!.http).get(`/api/jobs/${id}`).expect(200)).body as JobBody;
    const deploy = await eventually(async () => ((await get(abandonedDeploy)).status !== 'running' ? get(abandonedDeploy) : null), 20_000, 'the abandoned deployment to be recovered');
    expect(deploy).toMatchObject({ status: 'failed', errorMessage: expect.stringMatching(/stopped while this job was running.*rolled back/), result: { recovered: true, rollback: expect.objectContaining({ outcome: 'restored' }) } });
    expect(managedRows(router)).toEqual(pristine);
    const check = await eventually(async () => ((await get(abandonedCheck)).status !== 'running' ? get(abandonedCheck) : null), 20_000, 'the abandoned check to be failed');
    expect(check).toMatchObject({ status: 'failed', errorMessage: expect.stringMatching(/changed nothing/) });
    // A job whose lease is still valid belongs to a live worker elsewhere.
    expect((await get(liveElsewhere)).status).toBe('running');
  });
});

describe('Job runner on a graceful stop (real PostgreSQL)', () => {
  let db: TestDatabase;
  let lab: RouterLab | undefined;
  let app: TestApp | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await lab?.close();
    await app?.close();
    await db.drop();
  });

  it('stops a running deployment, rolls it back and records it before the database closes', async () => {
    app = await boot(db, { JOB_POLL_INTERVAL_MS: '50' });
    lab = new RouterLab(app);
    const { routerIds } = await createRouterWan(app, 'stop', 1);
    const router = await lab.addRouter(routerIds[0]!);
    const before = managedRows(router);
    router.setLatency(100);
    const jobId = (await request(app.http).post(`/api/peers/${routerIds[0]}/mikrotik/deploy`).send({}).expect(202)).body.id as string;
    await eventually(async () => router.calls.some((call) => call.method !== 'GET'), 15_000, 'the deployment writing');
    await app.close();
    app = undefined;
    router.setLatency(0);
    expect(managedRows(router)).toEqual(before);
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT status, locked_by, result, error_code, error_message FROM deployment_job WHERE id = $1`, [jobId]);
      // Not a user's cancel: it failed because the control plane stopped, and says so.
      expect(rows[0]).toMatchObject({
        status: 'failed',
        error_code: 'CONTROL_PLANE.STOPPING',
        error_message: expect.stringMatching(/control plane was shutting down.*restored from the backup/s),
        locked_by: null,
        result: expect.objectContaining({ outcome: 'cancelled', rollback: expect.objectContaining({ outcome: 'restored' }) }),
      });
    } finally {
      await client.end();
    }
  });
});
