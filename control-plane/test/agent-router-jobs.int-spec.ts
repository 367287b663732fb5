import type { NatsConnection } from '@nats-io/transport-node';
import type { EmulatedRouter } from '@wom/routeros';
import request from 'supertest';
// The site agent's own job worker, in process: the test drives both sides of the NATS conversation for real.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { RouterJobWorker } from '../../agent/src/jobs/router-job.worker';
import { NatsClient } from '../src/nats/nats-client';
import { configRows, createRouterWan, eventually, managedRows, RouterLab, ROUTER_PASSWORD, waitForJob, writeCalls } from './harness/mikrotik-routers';
import { startTestNats, type TestNats } from './harness/nats-server';
import { connectAgent, enroll, type EnrolledAgent } from './harness/simulated-agent';
import { startTestApp, type TestApp } from './harness/test-app';

/**
 * MikroTik jobs of a router assigned to a site agent: real PostgreSQL, a real nats-server in
 * operator mode, the agent connected with its own enrolled credentials, the agent's real job
 * worker and the RouterOS emulator.
 */
describe('router jobs through a site agent (real PostgreSQL, nats-server, agent worker and emulated routers)', () => {
  let nats: TestNats;
  let t: TestApp;
  let lab: RouterLab;
  let wanId: string;
  let routerIds: string[];
  let viaAgent: EmulatedRouter;
  let direct: EmulatedRouter;
  let agent: EnrolledAgent;
  let agentId: string;
  let connection: NatsConnection;
  let worker: RouterJobWorker | null = null;
  const agentLog: string[] = [];
  const api = () => request(t.http);

  const startWorker = () => {
    worker = new RouterJobWorker(connection, agentId, { log: (line) => agentLog.push(line), answerTimeoutMs: 2_000, attempts: 2, sealingKey: agent.keys.sealing });
    worker.start();
  };
  const deploy = async (peerId: string) => (await api().post(`/api/peers/${peerId}/mikrotik/deploy`).send({}).expect(202)).body.id as string;
  const setSubnets = (peerId: string, cidrs: string[]) => api().put(`/api/peers/${peerId}`).send({ subnets: cidrs.map((cidr) => ({ cidr })) }).expect(200);
  const ranOnAgent = (jobId: string) => agentLog.some((line) => line.includes(`running job ${jobId}`));

  beforeAll(async () => {
    nats = await startTestNats();
    t = await startTestApp({ ...nats.env, JOB_POLL_INTERVAL_MS: '50', JOB_LEASE_SECONDS: '8', DRIFT_CHECK_CRON: 'off', MONITOR_INTERVAL_SECONDS: '0', WOM_MASTER_KEY: 'c'.repeat(64), RATE_LIMIT_HEAVY: '0' });
    await t.app.get(NatsClient).whenReady();
    lab = new RouterLab(t);
    ({ wanId, routerIds } = await createRouterWan(t, 'agent-routers', 2));
    viaAgent = await lab.addRouter(routerIds[0]!, { identity: 'behind-agent' });
    direct = await lab.addRouter(routerIds[1]!, { identity: 'direct' });
    const token = (await api().post('/api/enrollment-tokens').send({ wanId }).expect(201)).body.token as string;
    agent = await enroll(t.http, token, undefined, 'site-a');
    agentId = agent.enrollment.agentId;
    connection = await connectAgent(agent, { reconnect: true });
    startWorker();
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await connection?.close();
    await lab?.close();
    await t?.close();
    await nats?.stop();
  });

  it('assigns a router to an active agent of its WAN, and refuses anything else naming the field', async () => {
    const assign = (peerId: string, body: object) => api().post(`/api/peers/${peerId}/mikrotik/executor`).send(body);
    const unknown = await assign(routerIds[0]!, { agentId: '00000000-0000-4000-8000-000000000000' }).expect(400);
    expect(unknown.body.fields).toEqual([expect.objectContaining({ field: 'agentId' })]);
    const malformed = await assign(routerIds[0]!, { agentId: 'site-a; DROP TABLE peer' }).expect(400);
    expect(malformed.body.fields).toEqual([expect.objectContaining({ field: 'agentId' })]);
    expect((await assign(routerIds[0]!, {}).expect(400)).body.fields).toEqual([expect.objectContaining({ field: 'agentId' })]);
    // An agent of another WAN cannot reach this WAN's routers.
    const otherWan = (await api().post('/api/wan').send({ name: 'elsewhere', tunnelIpRange: '10.77.0.0/24', sharedServicesRange: '10.77.5.0/24' }).expect(201)).body.id as string;
    const otherToken = (await api().post('/api/enrollment-tokens').send({ wanId: otherWan }).expect(201)).body.token as string;
    const stranger = await enroll(t.http, otherToken, undefined, 'site-z');
    expect((await assign(routerIds[0]!, { agentId: stranger.enrollment.agentId }).expect(400)).body.fields[0].reason).toMatch(/another WAN/);
    // Only routers have an executor.
    const agentPeer = agent.enrollment.peerId;
    expect((await assign(agentPeer, { agentId }).expect(409)).body.code).toBe('PEER.NOT_MIKROTIK');

    expect((await assign(routerIds[0]!, { agentId }).expect(200)).body).toEqual({ peerId: routerIds[0], agentId });
    expect((await t.database.manager.query(`SELECT mikrotik_executor_agent_id AS a FROM peer WHERE id = $1`, [routerIds[0]]))[0].a).toBe(agentId);
  });

  let firstDeployment: string;
  it('deploys on the agent: steps, progress, backup and call log land in the same job record', async () => {
    firstDeployment = await deploy(routerIds[0]!);
    const job = await waitForJob(t, firstDeployment);
    expect(job).toMatchObject({ status: 'completed', progressPercent: 100, errorMessage: null, hasBackup: true });
    expect(job.steps.map((step) => step.name)).toEqual(expect.arrayContaining(['dispatch', 'preflight', 'read', 'plan', 'backup', 'apply', 'verify']));
    expect(job.steps.find((step) => step.name === 'dispatch')).toMatchObject({ status: 'succeeded', detail: `Taken up by site agent ${agentId}` });
    expect(job.steps.every((step) => step.status === 'succeeded' || step.status === 'skipped')).toBe(true);
    expect(job.result).toMatchObject({ outcome: 'success' });
    expect(job.result!['writeCount']).toBeGreaterThan(0);
    expect(ranOnAgent(firstDeployment)).toBe(true);

    // Every call the agent made is in the job's call log, and the password is nowhere.
    const logs = (await api().get(`/api/jobs/${firstDeployment}/logs?limit=500`).expect(200)).body;
    expect(logs.total).toBe(viaAgent.calls.length);
    expect(logs.items.filter((call: { method: string }) => call.method !== 'GET')).toHaveLength(writeCalls(viaAgent));
    expect(JSON.stringify(logs)).not.toContain(ROUTER_PASSWORD);
    expect(agentLog.join('\n')).not.toContain(ROUTER_PASSWORD);

    // The router holds the overlay rows, and the peer carries the key the router made.
    expect(managedRows(viaAgent)['/interface/wireguard']).toHaveLength(1);
    expect(managedRows(viaAgent)['/interface/wireguard/peers']!.length).toBeGreaterThan(0);
    const iface = viaAgent.state.rows('/interface/wireguard').find((row) => row['name'] === 'wg-wan-overlay');
    expect((await api().get(`/api/peers/${routerIds[0]}`).expect(200)).body.publicKey).toBe(iface?.['public-key']);
    expect(direct.calls).toHaveLength(0);
  });

  it('rolls back automatically on the agent when the router fails mid-apply, and records it', async () => {
    await setSubnets(routerIds[0]!, ['192.168.10.0/24', '192.168.97.0/24', '192.168.98.0/24', '192.168.99.0/24']);
    const before = managedRows(viaAgent);
    viaAgent.injectFault({ match: { method: 'PUT' }, nth: 2, fault: { status: 400, body: { error: 400, message: 'Bad Request', detail: 'failure: injected by the test' } } });
    let job;
    try {
      job = await waitForJob(t, await deploy(routerIds[0]!));
    } finally {
      viaAgent.clearFaults();
    }
    expect(job.status).toBe('failed');
    expect(job.errorMessage).toMatch(/restored from the backup/);
    expect(job.result).toMatchObject({ outcome: 'failed', rollback: { outcome: 'restored' } });
    expect(job.steps.find((step) => step.name === 'rollback')).toMatchObject({ status: 'succeeded' });
    expect(managedRows(viaAgent)).toEqual(before);
  });

  it('forwards a cancellation to the agent, which stops and rolls back', async () => {
    await setSubnets(routerIds[0]!, ['192.168.10.0/24', '192.168.91.0/24', '192.168.92.0/24', '192.168.93.0/24', '192.168.94.0/24', '192.168.95.0/24']);
    const before = managedRows(viaAgent);
    viaAgent.setLatency(120);
    try {
      const jobId = await deploy(routerIds[0]!);
      const writes = writeCalls(viaAgent);
      await eventually(async () => writeCalls(viaAgent) > writes, 15_000, 'the agent writing to the router');
      // Cancelling until the agent's rollback has ended, then cancelled with each row's outcome.
      expect((await api().post(`/api/jobs/${jobId}/cancel`).expect(200)).body.status).toBe('cancelling');
      const job = await eventually(async () => {
        const row = (await t.database.manager.query(`SELECT status, locked_by, result FROM deployment_job WHERE id = $1`, [jobId]))[0];
        return row.locked_by === null ? row : null;
      }, 20_000, 'the cancelled job to end');
      expect(job.status).toBe('cancelled');
      expect(job.result).toMatchObject({ outcome: 'cancelled', rollback: { outcome: 'restored', summary: { failed: 0 } } });
      expect(job.result.rollback.summary.restored).toBeGreaterThan(0);
      expect(ranOnAgent(jobId)).toBe(true);
    } finally {
      viaAgent.setLatency(0);
    }
    expect(managedRows(viaAgent)).toEqual(before);
  });

  it('verifies and checks drift on the agent, storing the drift report', async () => {
    const deployed = await waitForJob(t, await deploy(routerIds[0]!));
    expect(deployed.status).toBe('completed');
    const verify = await waitForJob(t, (await api().post(`/api/peers/${routerIds[0]}/mikrotik/verify`).expect(202)).body.id);
    expect(verify).toMatchObject({ status: 'completed', result: expect.objectContaining({ inSync: true }) });
    expect(ranOnAgent(verify.id)).toBe(true);

    // Someone edits an overlay row on the router by hand.
    const peerRow = viaAgent.state.rows('/interface/wireguard/peers').find((row) => (row['comment'] ?? '').startsWith('WAN-Overlay-Manager'));
    viaAgent.state.update('/interface/wireguard/peers', peerRow!['.id']!, { 'persistent-keepalive': '99s' });
    // An on-demand check of an agent's router is read by the agent too, and answers with the report.
    const onDemand = await api().post(`/api/peers/${routerIds[0]}/mikrotik/drift`).expect(200);
    expect(onDemand.body).toMatchObject({ inSync: false });
    const [checkJob] = (await api().get(`/api/peers/${routerIds[0]}/jobs?type=drift-check`).expect(200)).body.items as { id: string }[];
    expect(ranOnAgent(checkJob!.id)).toBe(true);
    // The scheduled (and per-WAN) drift check is a job per router; this router's runs on the agent.
    const queued = (await api().post(`/api/wan/${wanId}/mikrotik/drift`).expect(202)).body.jobs as { id: string; peerId: string }[];
    const drift = await waitForJob(t, queued.find((job) => job.peerId === routerIds[0])!.id);
    expect(drift).toMatchObject({ status: 'completed', result: expect.objectContaining({ inSync: false }) });
    expect(ranOnAgent(drift.id)).toBe(true);
    const stored = (await t.database.manager.query(`SELECT mikrotik_drift_report AS r FROM peer WHERE id = $1`, [routerIds[0]]))[0].r;
    expect(stored).toMatchObject({ inSync: false });
    const failedVerify = await waitForJob(t, (await api().post(`/api/peers/${routerIds[0]}/mikrotik/verify`).expect(202)).body.id);
    expect(failedVerify.status).toBe('failed');
    expect(failedVerify.errorMessage).toMatch(/differs from the desired state/);

    const reconcile = await waitForJob(t, (await api().post(`/api/peers/${routerIds[0]}/mikrotik/reconcile`).send({}).expect(202)).body.id);
    expect(reconcile).toMatchObject({ status: 'completed', hasBackup: true, result: expect.objectContaining({ outcome: 'success' }) });
    expect(ranOnAgent(reconcile.id)).toBe(true);
    expect(viaAgent.state.find('/interface/wireguard/peers', peerRow!['.id']!)?.['persistent-keepalive']).not.toBe('99s');
    expect((await t.database.manager.query(`SELECT mikrotik_drift_report AS r FROM peer WHERE id = $1`, [routerIds[0]]))[0].r).toMatchObject({ inSync: true });
  });

  it('restores a backup on the agent (manual rollback)', async () => {
    const rollback = (await api().post(`/api/peers/${routerIds[0]}/mikrotik/rollback`).send({ jobId: firstDeployment }).expect(202)).body.id as string;
    const job = await waitForJob(t, rollback);
    expect(job).toMatchObject({ status: 'completed', result: expect.objectContaining({ fromJobId: firstDeployment, rollback: expect.objectContaining({ outcome: 'restored' }) }) });
    expect(ranOnAgent(rollback)).toBe(true);
    expect(Object.values(managedRows(viaAgent)).flat()).toEqual([]);
  });

  it('recovers a deployment a dead control plane left running by rolling it back on the agent', async () => {
    // The router is empty (the manual rollback above); a deployment fills it, and its backup is the empty state.
    const deployed = await waitForJob(t, await deploy(routerIds[0]!));
    expect(Object.values(managedRows(viaAgent)).flat().length).toBeGreaterThan(0);
    // What a control plane that died mid-deployment leaves: a running job, an expired lease, the backup it stored.
    const [{ id: abandoned }] = await t.database.manager.query(
      `INSERT INTO deployment_job (wan_id, peer_id, job_type, status, started_at, locked_by, locked_until, backup, progress_percent)
       VALUES ($1, $2, 'deploy-config', 'running', now() - interval '5 minutes', 'dead-host:4242:0000', now() - interval '1 minute',
               (SELECT backup FROM deployment_job WHERE id = $3::uuid), 40) RETURNING id`,
      [wanId, routerIds[0], deployed.id],
    );
    const job = await eventually(async () => {
      const body = (await api().get(`/api/jobs/${abandoned}`).expect(200)).body;
      return body.status !== 'running' ? body : null;
    }, 20_000, 'the abandoned deployment to be recovered');
    expect(job).toMatchObject({ status: 'failed', errorMessage: expect.stringMatching(/stopped while this job was running.*rolled back from the backup/), result: { recovered: true, rollback: expect.objectContaining({ outcome: 'restored' }) } });
    expect(agentLog.some((line) => line.includes(`running job ${abandoned} (rollback)`))).toBe(true);
    expect(Object.values(managedRows(viaAgent)).flat()).toEqual([]);
  });

  it('still runs an unassigned router on the built-in executor', async () => {
    const jobId = await deploy(routerIds[1]!);
    const job = await waitForJob(t, jobId);
    expect(job.status).toBe('completed');
    expect(job.steps.map((step) => step.name)).not.toContain('dispatch');
    expect(ranOnAgent(jobId)).toBe(false);
    expect(managedRows(direct)['/interface/wireguard']).toHaveLength(1);
  });

  it('fails a job with a clear reason when the agent does not answer within the lease', async () => {
    await worker!.stop();
    worker = null;
    const calls = viaAgent.calls.length;
    try {
      const job = await waitForJob(t, await deploy(routerIds[0]!), undefined, 40_000);
      expect(job.status).toBe('failed');
      expect(job.errorMessage).toMatch(new RegExp(`Site agent ${agentId} did not take the job up within \\d+ s.*not touched`));
      expect(viaAgent.calls.length).toBe(calls);
    } finally {
      startWorker();
    }
    // Back online, the next job runs there again.
    expect(await waitForJob(t, await deploy(routerIds[0]!))).toMatchObject({ status: 'completed' });
  }, 60_000);

  it('deleting a router behind an agent undeploys it on the agent: no managed row left, then the peer goes', async () => {
    expect(await waitForJob(t, await deploy(routerIds[0]!))).toMatchObject({ status: 'completed' });
    const foreign = (rows: Record<string, Record<string, string>[]>) => Object.values(rows).flat().length;
    const before = foreign(configRows(viaAgent)) - foreign(managedRows(viaAgent));
    const answer = (await api().delete(`/api/peers/${routerIds[0]}`).expect(202)).body as { jobIds: string[] };
    await eventually(async () => (await api().get(`/api/peers/${routerIds[0]}`)).status === 404, 30_000, 'the peer to go');
    expect(ranOnAgent(answer.jobIds[0]!)).toBe(true);
    const [removed] = (await t.database.manager.query(`SELECT after FROM audit_log WHERE action = 'peer.removed' AND resource_id = $1`, [routerIds[0]])) as { after: Record<string, unknown> }[];
    expect(removed?.after).toMatchObject({ undeployJobId: answer.jobIds[0], writeCount: expect.any(Number) });
    expect(foreign(managedRows(viaAgent))).toBe(0);
    expect(foreign(configRows(viaAgent))).toBe(before);
  });
});
