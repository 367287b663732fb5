import request from 'supertest';
import { startTestApp, type TestApp } from './harness/test-app';

describe('Deployment jobs API (real PostgreSQL)', () => {
  let t: TestApp;
  let wanId: string;
  let routerId: string;
  let otherId: string;
  const job: Record<string, string> = {};
  beforeAll(async () => {
    // Runner off: the rows below are fixtures, not work for a worker.
    t = await startTestApp({ JOB_RUNNER_ENABLED: 'false', DRIFT_CHECK_CRON: 'off', MONITOR_INTERVAL_SECONDS: '0' });
    wanId = (await request(t.http).post('/api/wan').send({ name: 'jobs' }).expect(201)).body.id;
    routerId = (await request(t.http).post(`/api/wan/${wanId}/peers`).send({ name: 'r1', type: 'mikrotik' }).expect(201)).body.id;
    otherId = (await request(t.http).post(`/api/wan/${wanId}/peers`).send({ name: 'r2', type: 'mikrotik' }).expect(201)).body.id;
    const rows: [string, string, string, string][] = [
      ['pending', routerId, 'deploy-config', 'pending'],
      ['running', routerId, 'deploy-config', 'running'],
      ['completed', routerId, 'deploy-config', 'completed'],
      ['failed', routerId, 'test-connection', 'failed'],
      ['cancelled', otherId, 'rollback', 'cancelled'],
    ];
    for (const [key, peerId, type, status] of rows) {
      job[key] = (await t.database.manager.query(`INSERT INTO deployment_job (wan_id, peer_id, job_type, status) VALUES ($1, $2, $3, $4) RETURNING id`, [wanId, peerId, type, status]))[0].id;
    }
    await t.database.manager.query(
      `INSERT INTO mikrotik_api_call_log (deployment_job_id, peer_id, method, endpoint, response_status, duration_ms) VALUES ($1, $2, 'GET', '/rest/system/resource', 200, 12)`,
      [job['completed'], routerId],
    );
  });
  afterAll(() => t.close());

  const api = () => request(t.http);
  const ids = (res: request.Response) => res.body.items.map((j: { id: string }) => j.id).sort();

  it('lists jobs with filters and pagination', async () => {
    expect((await api().get('/api/jobs').expect(200)).body.total).toBe(5);
    expect(ids(await api().get('/api/jobs?status=running').expect(200))).toEqual([job['running']]);
    expect(ids(await api().get('/api/jobs?type=deploy-config').expect(200))).toEqual([job['pending'], job['running'], job['completed']].sort());
    expect(ids(await api().get(`/api/jobs?peerId=${otherId}`).expect(200))).toEqual([job['cancelled']]);
    const page = (await api().get('/api/jobs?limit=2&offset=1').expect(200)).body;
    expect(page).toMatchObject({ total: 5, limit: 2, offset: 1 });
    expect(page.items).toHaveLength(2);
    expect((await api().get('/api/jobs?status=done').expect(400)).body.fields[0].field).toBe('status');
    expect((await api().get('/api/jobs?peerId=nope').expect(400)).body.fields[0].field).toBe('peerId');
    expect(ids(await api().get(`/api/peers/${routerId}/jobs?status=failed`).expect(200))).toEqual([job['failed']]);
    await api().get('/api/peers/00000000-0000-4000-8000-000000000000/jobs').expect(404);
  });

  it('gets a job and its API-call log', async () => {
    const res = await api().get(`/api/jobs/${job['completed']}`).expect(200);
    expect(res.body).toMatchObject({ id: job['completed'], wanId, peerId: routerId, jobType: 'deploy-config', status: 'completed', progressPercent: 0, steps: [] });
    expect(res.body).not.toHaveProperty('backup');
    const logs = (await api().get(`/api/jobs/${job['completed']}/logs`).expect(200)).body;
    expect(logs).toMatchObject({ total: 1, items: [{ method: 'GET', endpoint: '/rest/system/resource', responseStatus: 200, durationMs: 12 }] });
    expect((await api().get('/api/jobs/00000000-0000-4000-8000-000000000000').expect(404)).body.code).toBe('JOB.NOT_FOUND');
    await api().get('/api/jobs/00000000-0000-4000-8000-000000000000/logs').expect(404);
  });

  it('cancels pending and running jobs only; a running one is cancelling until its worker has rolled back', async () => {
    expect((await api().post(`/api/jobs/${job['pending']}/cancel`).expect(200)).body).toMatchObject({ status: 'cancelled', completedAt: expect.any(String) });
    expect((await api().post(`/api/jobs/${job['running']}/cancel`).expect(200)).body).toMatchObject({ status: 'cancelling', completedAt: null });
    expect(ids(await api().get('/api/jobs?status=cancelling').expect(200))).toEqual([job['running']]);
    for (const key of ['completed', 'failed', 'pending']) {
      expect((await api().post(`/api/jobs/${job[key]}/cancel`).expect(409)).body.code).toBe('JOB.INVALID_STATE');
    }
    const again = (await api().post(`/api/jobs/${job['running']}/cancel`).expect(409)).body;
    expect(again).toMatchObject({ code: 'JOB.INVALID_STATE', message: expect.stringMatching(/already being cancelled/) });
    expect((await api().post(`/api/jobs/${job['running']}/retry`).expect(409)).body.message).toMatch(/still being cancelled/);
    await api().post('/api/jobs/00000000-0000-4000-8000-000000000000/cancel').expect(404);
  });

  it('retries failed and cancelled jobs as new pending jobs', async () => {
    for (const key of ['failed', 'cancelled']) {
      const original = (await api().get(`/api/jobs/${job[key]}`).expect(200)).body;
      const res = await api().post(`/api/jobs/${job[key]}/retry`).expect(202);
      expect(res.body).toMatchObject({ status: 'pending', jobType: original.jobType, peerId: original.peerId, wanId, retryOfJobId: job[key], attempt: original.attempt + 1 });
      expect(res.body.id).not.toBe(job[key]);
      expect((await api().get(`/api/jobs/${job[key]}`).expect(200)).body.status).toBe(key);
    }
    expect((await api().post(`/api/jobs/${job['completed']}/retry`).expect(409)).body.code).toBe('JOB.INVALID_STATE');
    expect((await api().get('/api/jobs').expect(200)).body.total).toBe(7);
  });
});
