import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { NatsConnection } from '@nats-io/transport-node';
import { agentSubjects, backupDigest, JobRecoverAnswerSchema, JobRecoverRequestSchema, UnfinishedRunSchema, type RecoveryPlan } from '@wom/contracts';
import request from 'supertest';
import { RouterRecoveryService } from '../src/agents/jobs/router-recovery.service';
import { DeploymentJobEntity } from '../src/database/entities';
import { NatsClient } from '../src/nats/nats-client';
import { createRouterWan } from './harness/mikrotik-routers';
import { startTestNats, type TestNats } from './harness/nats-server';
import { connectAgent, enroll, type EnrolledAgent } from './harness/simulated-agent';
import { startTestApp, type TestApp } from './harness/test-app';

/**
 * A restarted agent's `job.recover` request (real PostgreSQL and nats-server, agents with their
 * own credentials): a cut-off run of one of its routers, with the backup that is stored, gets a
 * restore queued once; anything else (another agent's router, another backup, a job that does
 * not wait) is refused and queues nothing. The restore's outcome is written onto the job.
 */
describe('recovering routers a site agent left partly configured', () => {
  let nats: TestNats;
  let t: TestApp;
  let owner: EnrolledAgent;
  let stranger: EnrolledAgent;
  const open: NatsConnection[] = [];
  let routerId: string;
  const backup = { version: 1, takenAt: '2026-12-07T12:00:00.000Z', rows: { '/interface/wireguard': [] } };
  const api = () => request(t.http);

  /** A deployment the agent was cut off from after storing its backup, as the executor records it. */
  async function cutOffJob(): Promise<string> {
    const job = await t.database.manager.save(
      t.database.manager.create(DeploymentJobEntity, {
        peerId: routerId,
        jobType: 'deploy-config',
        status: 'failed',
        errorCode: 'AGENT.RESTARTED',
        errorMessage: 'Site agent … was cut off during the job. Rollback pending: …',
        backup,
        result: { rollbackPending: true },
      }),
    );
    return job.id;
  }

  async function recover(agent: EnrolledAgent, runs: { jobId: string; digest?: string }[]): Promise<RecoveryPlan[]> {
    const connection = await connectAgent(agent);
    open.push(connection);
    const body = create(JobRecoverRequestSchema, {
      agentId: agent.enrollment.agentId,
      runs: runs.map((run, i) => create(UnfinishedRunSchema, { runId: `run-${i}`, jobId: run.jobId, targetPeerId: routerId, backupDigest: run.digest ?? backupDigest(backup), step: 'apply', startedAtMs: 1n })),
    });
    const reply = await connection.request(agentSubjects(agent.enrollment.agentId).jobRecover, toBinary(JobRecoverRequestSchema, body), { timeout: 5_000 });
    return fromBinary(JobRecoverAnswerSchema, reply.data).runs;
  }

  const restoresOf = (jobId: string) => t.database.manager.query(`SELECT id, status FROM deployment_job WHERE parameters ->> 'recoveryOf' = $1`, [jobId]) as Promise<{ id: string; status: string }[]>;

  beforeAll(async () => {
    nats = await startTestNats();
    // No runner: the queued restores stay pending, so the spec sees exactly what was queued.
    t = await startTestApp({ ...nats.env, JOB_RUNNER_ENABLED: 'false', DRIFT_CHECK_CRON: 'off', MONITOR_INTERVAL_SECONDS: '0', WOM_MASTER_KEY: 'd'.repeat(64) });
    await t.app.get(NatsClient).whenReady();
    const created = await createRouterWan(t, 'recovery', 1);
    const wanId = created.wanId;
    routerId = created.routerIds[0]!;
    const token = (await api().post('/api/enrollment-tokens').send({ wanId, maxUses: 2 }).expect(201)).body.token as string;
    owner = await enroll(t.http, token, undefined, 'site-a');
    stranger = await enroll(t.http, token, undefined, 'site-b');
    await api().post(`/api/peers/${routerId}/mikrotik/executor`).send({ agentId: owner.enrollment.agentId }).expect(200);
  }, 60_000);

  afterAll(async () => {
    for (const connection of open) await connection.close().catch(() => undefined);
    await t?.close();
    await nats?.stop();
  });

  it('queues one restore for a cut-off run of its own router with the stored backup, and reuses it when asked again', async () => {
    const jobId = await cutOffJob();
    const [plan] = await recover(owner, [{ jobId }]);
    expect(plan).toMatchObject({ runId: 'run-0', retry: false, recoveryJobId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(await restoresOf(jobId)).toEqual([{ id: plan!.recoveryJobId, status: 'pending' }]);
    // A replayed request (the agent restarted again before the restore ran) queues nothing new.
    const [again] = await recover(owner, [{ jobId }]);
    expect(again?.recoveryJobId).toBe(plan!.recoveryJobId);
    expect(await restoresOf(jobId)).toHaveLength(1);
  });

  it.each([
    ['another agent, for a router not assigned to it', () => stranger, undefined, /not assigned to this agent/],
    ['another backup than the one stored', () => owner, 'ff'.repeat(32), /not the one stored/],
  ] as const)('refuses %s, and queues nothing', async (_what, who, digest, reason) => {
    const jobId = await cutOffJob();
    const [plan] = await recover(who(), [{ jobId, ...(digest ? { digest } : {}) }]);
    expect(plan).toMatchObject({ recoveryJobId: '', retry: false, reason: expect.stringMatching(reason) });
    expect(await restoresOf(jobId)).toEqual([]);
  });

  it('says there is nothing to restore for a job that does not wait, and to ask again for one still ending', async () => {
    const done = await cutOffJob();
    await t.database.manager.update(DeploymentJobEntity, { id: done }, { result: { rollbackPending: false } });
    const running = await cutOffJob();
    await t.database.manager.update(DeploymentJobEntity, { id: running }, { status: 'running' });
    const plans = await recover(owner, [{ jobId: done }, { jobId: running }, { jobId: '00000000-0000-4000-8000-000000000000' }]);
    expect(plans.map((p) => [p.recoveryJobId, p.retry, p.reason])).toEqual([
      ['', false, expect.stringMatching(/nothing to restore/)],
      ['', true, expect.stringMatching(/still ending/)],
      ['', false, expect.stringMatching(/no longer exists/)],
    ]);
  });

  it('writes the restore\'s outcome onto the failed job, which then no longer waits', async () => {
    const jobId = await cutOffJob();
    const [plan] = await recover(owner, [{ jobId }]);
    const restore = await t.database.manager.findOneByOrFail(DeploymentJobEntity, { id: plan!.recoveryJobId });
    const recovery = t.app.get(RouterRecoveryService);
    await recovery.completed(restore, { status: 'failed', errorMessage: 'router unreachable', result: null });
    let job = (await api().get(`/api/jobs/${jobId}`).expect(200)).body;
    expect(job.result.rollbackPending).toBe(true);
    expect(job.errorMessage).toMatch(/Restoring the router by rollback job .* failed \(router unreachable\)/);
    await recovery.completed(restore, { status: 'completed', errorMessage: null, result: null });
    job = (await api().get(`/api/jobs/${jobId}`).expect(200)).body;
    expect(job).toMatchObject({ status: 'failed', errorCode: 'AGENT.RESTARTED', result: { rollbackPending: false, recoveredBy: restore.id } });
    expect(job.errorMessage).toMatch(/was cut off during the job\..*The router was restored to the backup taken before this job/s);
    expect(job.errorMessage).not.toMatch(/Rollback pending|failed \(router unreachable\)/);
  });
});
