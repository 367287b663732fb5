import { loadBranchOfficeScenario } from '@wom/routeros';
import request from 'supertest';
import { createRouterWan, RouterLab, waitForJob } from './harness/mikrotik-routers';
import { startTestApp, type TestApp } from './harness/test-app';

const SLOW = 60_000;

/**
 * The previews the console shows before a rollback: they choose the backup exactly as the
 * rollback then does (real PostgreSQL, emulated router).
 */
describe('rollback preview (real PostgreSQL, emulated router)', () => {
  let t: TestApp;
  let lab: RouterLab;
  let routerIds: string[];
  beforeAll(async () => {
    t = await startTestApp({ JOB_POLL_INTERVAL_MS: '50', DRIFT_CHECK_CRON: 'off', MONITOR_INTERVAL_SECONDS: '0', WOM_MASTER_KEY: 'e'.repeat(64), RATE_LIMIT_HEAVY: '0' });
    lab = new RouterLab(t);
    ({ routerIds } = await createRouterWan(t, 'previews', 1));
    loadBranchOfficeScenario((await lab.addRouter(routerIds[0]!, { identity: 'branch-1' })).state);
  });
  afterAll(async () => {
    await lab.close();
    await t.close();
  });
  const api = () => request(t.http);

  it('names the backup the rollback then restores, and refuses what rollback refuses', async () => {
    const id = routerIds[0]!;
    const before = await api().post(`/api/peers/${id}/mikrotik/rollback/preview`).send({}).expect(409);
    expect(before.body.code).toBe('MIKROTIK.NO_BACKUP');
    const deployed = await waitForJob(t, (await api().post(`/api/peers/${id}/mikrotik/deploy`).send({}).expect(202)).body.id as string, undefined, SLOW);
    expect(deployed).toMatchObject({ status: 'completed' });
    const preview = (await api().post(`/api/peers/${id}/mikrotik/rollback/preview`).send({}).expect(200)).body;
    expect(preview).toMatchObject({ peerId: id, peerName: 'branch-1', fromJobId: deployed.id, fromJobType: 'deploy-config' });
    expect(preview.rows.length).toBeGreaterThan(0);
    const queued = (await api().post(`/api/peers/${id}/mikrotik/rollback`).send({}).expect(202)).body;
    expect(queued.parameters).toEqual({ fromJobId: preview.fromJobId });
    const refused = await api().post(`/api/peers/${id}/mikrotik/rollback/preview`).send({ jobId: '00000000-0000-4000-8000-000000000000' }).expect(404);
    expect(refused.body).toMatchObject({ code: 'JOB.NOT_FOUND', fields: [{ field: 'jobId' }] });
    await waitForJob(t, queued.id, undefined, SLOW);
  }, SLOW * 2);
});
