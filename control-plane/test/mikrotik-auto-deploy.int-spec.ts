import request from 'supertest';
import { createRouterWan, eventually, RouterLab, waitForJob } from './harness/mikrotik-routers';
import { startTestApp, type TestApp } from './harness/test-app';

/** Wide enough that three API calls in a row still fall in one window on a loaded CI machine. */
const DEBOUNCE_MS = 1_500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface JobRow {
  id: string;
  status: string;
  parameters: Record<string, unknown>;
}

describe('Auto-deploy of MikroTik routers on desired-state changes (real PostgreSQL, RouterOS emulator)', () => {
  let t: TestApp;
  let lab: RouterLab;
  let hubId: string;
  let routerIds: string[];
  beforeAll(async () => {
    t = await startTestApp({ JOB_POLL_INTERVAL_MS: '50', AUTO_DEPLOY_DEBOUNCE_MS: String(DEBOUNCE_MS), DRIFT_CHECK_CRON: 'off', MONITOR_INTERVAL_SECONDS: '0', WOM_MASTER_KEY: 'f'.repeat(64) });
    lab = new RouterLab(t);
    ({ hubId, routerIds } = await createRouterWan(t, 'auto', 2));
    await lab.addRouter(routerIds[0]!, { autoDeploy: true });
    await lab.addRouter(routerIds[1]!, { autoDeploy: false });
  });
  afterAll(async () => {
    await lab.close();
    await t.close();
  });

  const api = () => request(t.http);
  const deployments = async (peerId: string): Promise<JobRow[]> =>
    (await api().get(`/api/peers/${peerId}/jobs?type=deploy-config&limit=100`).expect(200)).body.items;
  const setSubnets = (peerId: string, cidrs: string[]) => api().put(`/api/peers/${peerId}`).send({ subnets: cidrs.map((cidr) => ({ cidr })) }).expect(200);

  it('coalesces a burst of changes into one deployment, for auto-deploy routers only', async () => {
    await setSubnets(hubId, ['10.200.0.0/24', '10.201.0.0/24']);
    await setSubnets(hubId, ['10.200.0.0/24', '10.201.0.0/24', '10.202.0.0/24']);
    await setSubnets(hubId, ['10.200.0.0/24', '10.203.0.0/24']);
    const [job] = await eventually(async () => {
      const jobs = await deployments(routerIds[0]!);
      return jobs.length > 0 ? jobs : null;
    }, 30_000, 'an auto-deployment');
    expect(job!.parameters).toMatchObject({ trigger: 'auto-deploy' });
    expect(await waitForJob(t, job!.id)).toMatchObject({ status: 'completed' });
    // Quiet for several windows: the router's new public key is a change too, but not of its own state.
    await sleep(DEBOUNCE_MS * 3);
    expect(await deployments(routerIds[0]!)).toHaveLength(1);
    expect(await deployments(routerIds[1]!)).toHaveLength(0);
  }, 90_000);

  it('deploys again when the router\'s desired state changes again', async () => {
    await setSubnets(hubId, ['10.200.0.0/24']);
    const jobs = await eventually(async () => {
      const all = await deployments(routerIds[0]!);
      return all.length === 2 ? all : null;
    }, 30_000, 'a second auto-deployment');
    expect(await waitForJob(t, jobs[0]!.id)).toMatchObject({ status: 'completed' });
  }, 90_000);

  it('never queues a second deployment while one is still waiting', async () => {
    // A router that answers slowly keeps its deployment busy while changes keep coming.
    lab.emulator.list()[0]!.setLatency(400);
    try {
      await setSubnets(hubId, ['10.200.0.0/24', '10.210.0.0/24']);
      await eventually(async () => (await deployments(routerIds[0]!)).some((job) => job.status === 'running'), 30_000, 'a running auto-deployment');
      await setSubnets(hubId, ['10.200.0.0/24', '10.211.0.0/24']);
      await eventually(async () => (await deployments(routerIds[0]!)).some((job) => job.status === 'pending'), 30_000, 'a waiting auto-deployment');
      await setSubnets(hubId, ['10.200.0.0/24', '10.212.0.0/24']);
      await sleep(DEBOUNCE_MS * 2);
      const jobs = await deployments(routerIds[0]!);
      expect(jobs.filter((job) => job.status === 'pending').length).toBeLessThanOrEqual(1);
      expect(jobs).toHaveLength(4);
    } finally {
      lab.emulator.list()[0]!.setLatency(0);
    }
    const jobs = await deployments(routerIds[0]!);
    for (const job of jobs) expect((await waitForJob(t, job.id, undefined, 60_000)).status).toBe('completed');
  }, 180_000);
});
