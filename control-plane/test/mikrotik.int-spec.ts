import request from 'supertest';
import { startTestApp, type TestApp } from './harness/test-app';

const NOBODY = '00000000-0000-4000-8000-000000000000';

describe('MikroTik endpoints without a router to reach (real PostgreSQL, job runner off)', () => {
  let t: TestApp;
  let wanId: string;
  let routerId: string;
  let serverId: string;
  beforeAll(async () => {
    // The runner is off: these specs look at what is queued, not at what a worker makes of it.
    t = await startTestApp({ JOB_RUNNER_ENABLED: 'false', DRIFT_CHECK_CRON: 'off', MONITOR_INTERVAL_SECONDS: '0' });
    wanId = (await request(t.http).post('/api/wan').send({ name: 'mt' }).expect(201)).body.id;
    routerId = (await request(t.http).post(`/api/wan/${wanId}/peers`).send({ name: 'r1', type: 'mikrotik' }).expect(201)).body.id;
    await request(t.http).post(`/api/wan/${wanId}/peers`).send({ name: 'r2', type: 'mikrotik' }).expect(201);
    serverId = (await request(t.http).post(`/api/wan/${wanId}/peers`).send({ name: 'srv', type: 'server' }).expect(201)).body.id;
  });
  afterAll(() => t.close());

  const api = () => request(t.http);
  const calls: [string, string, object | null][] = [
    ['post', 'test-connection', {}],
    ['post', 'deploy', {}],
    ['post', 'preview', {}],
    ['post', 'rollback', {}],
    ['get', 'status', null],
    ['get', 'diff', null],
    ['get', 'logs', null],
  ];
  const call = (method: string, action: string, peerId: string, body?: object | null) => {
    const req = method === 'post' ? api().post(`/api/peers/${peerId}/mikrotik/${action}`) : api().get(`/api/peers/${peerId}/mikrotik/${action}`);
    return body ? req.send(body) : req;
  };

  it.each(calls)('%s %s: 404 for an unknown peer, 409 for a non-MikroTik peer', async (method, action, body) => {
    expect((await call(method, action, NOBODY, body).expect(404)).body.code).toBe('PEER.NOT_FOUND');
    expect((await call(method, action, serverId, body).expect(409)).body.code).toBe('PEER.NOT_MIKROTIK');
  });

  it.each([
    ['test-connection', 'test-connection'],
    ['deploy', 'deploy-config'],
  ])('%s queues a pending %s job (202)', async (action, jobType) => {
    const res = await call('post', action, routerId, {}).expect(202);
    expect(res.body).toMatchObject({ peerId: routerId, wanId, jobType, status: 'pending' });
    expect((await api().get(`/api/jobs/${res.body.id}`).expect(200)).body.status).toBe('pending');
  });

  it.each(['preview', 'status', 'diff'])('%s names the missing router settings (409)', async (action) => {
    const res = await call(action === 'preview' ? 'post' : 'get', action, routerId, action === 'preview' ? {} : undefined).expect(409);
    expect(res.body.code).toBe('MIKROTIK.NOT_CONFIGURED');
    expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual(['mikrotikManagementIp', 'mikrotikUsername']);
  });

  it('returns the (empty) API-call log', async () => {
    expect((await call('get', 'logs', routerId).expect(200)).body).toEqual({ items: [], total: 0, limit: 50, offset: 0 });
  });

  it.each([
    ['deploy', { force: 'yes' }, 'force'],
    ['deploy', { extra: 1 }, 'extra'],
    ['test-connection', { timeoutSeconds: 0 }, 'timeoutSeconds'],
    ['rollback', { jobId: 'latest' }, 'jobId'],
    ['rollback', { jobId: null }, 'jobId'],
    ['rollback', { jobId: 42 }, 'jobId'],
    ['rollback', { jobId: [NOBODY] }, 'jobId'],
  ])('validates the %s body', async (action, body, field) => {
    expect((await call('post', action, routerId, body).expect(400)).body.fields).toEqual([expect.objectContaining({ field })]);
  });

  it('refuses a rollback to a deployment the peer does not have', async () => {
    expect((await call('post', 'rollback', routerId, { jobId: NOBODY }).expect(404)).body.code).toBe('JOB.NOT_FOUND');
  });

  it('refuses a rollback when no deployment has changed the router yet, rather than queue a restore of nothing', async () => {
    const res = await call('post', 'rollback', routerId, {}).expect(409);
    expect(res.body).toMatchObject({ code: 'MIKROTIK.NO_BACKUP', message: expect.stringMatching(/No deployment has changed router "r1" yet.*pass its id as jobId/) });
  });

  it('deploy-all queues one job per MikroTik peer', async () => {
    const res = await api().post(`/api/wan/${wanId}/mikrotik/deploy-all`).send({}).expect(202);
    expect(res.body.wanId).toBe(wanId);
    expect(res.body.jobs).toHaveLength(2);
    expect(res.body.summary).toMatchObject({ total: 2, succeeded: [], failed: [] });
    expect(res.body.summary.unfinished).toHaveLength(2);
    expect(res.body.jobs.every((j: { jobType: string; status: string }) => j.jobType === 'deploy-config' && j.status === 'pending')).toBe(true);
    expect((await api().post(`/api/wan/${wanId}/mikrotik/deploy-all`).send({ onlyAutoDeploy: true }).expect(202)).body.jobs).toEqual([]);
    expect((await api().post(`/api/wan/${NOBODY}/mikrotik/deploy-all`).send({}).expect(404)).body.code).toBe('WAN.NOT_FOUND');
  });
});
