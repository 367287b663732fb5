import { privilegedSkipReason, requireTools } from '../support/netns';
import { RouterAgentLab } from '../support/router-agent-lab';

/**
 * A MikroTik router only a site's agent reaches, driven through that agent. The agent is
 * killed (SIGKILL) before the first write, after it, half-way and while verifying, and started
 * again: the router must end exactly as it was before the deployment, and the job's record
 * must say what happened. A graceful stop gives its own reason; an agent that stays away
 * leaves a rollback pending that runs when it returns.
 */

const skip = privilegedSkipReason();
if (skip !== null) console.warn(`Skipping the router-behind-an-agent spec: ${skip}.`);
const describePrivileged = skip === null ? describe : describe.skip;

/** Per router call, so a deployment's steps last long enough to be cut into. */
const LATENCY_MS = 120;

describePrivileged('a router behind a site agent: crashes, stops and returns', () => {
  let lab: RouterAgentLab;

  beforeAll(async () => {
    requireTools([
      ['psql', 'postgresql-client'],
      ['nats-server', 'nats-server'],
    ]);
    lab = await RouterAgentLab.create({ JOB_LEASE_SECONDS: '8', MONITOR_INTERVAL_SECONDS: '3' });
    await lab.emulator.setLatency(LATENCY_MS);
  }, 600_000);

  afterAll(async () => {
    await lab?.dispose();
  }, 60_000);

  // Each case starts with the agent running and a router nobody is working on (the previous
  // case's restore has ended), whatever the previous case did.
  beforeEach(async () => {
    if (lab.agent?.child.exitCode !== null || lab.agent.child.signalCode !== null) lab.startAgent();
    await lab.idle();
  }, 120_000);

  it('SIGKILL before the first write: the router is untouched and the job fails for the agent, with nothing to restore', async () => {
    const before = await lab.configuration();
    const writesBefore = await lab.emulator.writes();
    const id = await lab.deploy();
    await lab.until(async () => (await lab.job(id)).steps.some((s) => s.name === 'preflight'), 'the deployment did not start');
    await lab.agent!.stop('SIGKILL');
    lab.startAgent();
    const failed = await lab.ended(id);
    expect(failed.status).toBe('failed');
    expect(['AGENT.SILENT', 'AGENT.RESTARTED']).toContain(failed.errorCode);
    expect(failed.result?.['rollbackPending']).not.toBe(true);
    expect(await lab.emulator.writes()).toBe(writesBefore);
    expect(await lab.configuration()).toEqual(before);
  }, 180_000);

  const cuts: [string, (jobId: string, writesBefore: number) => Promise<boolean>][] = [
    ['after the first write', async (_id, writesBefore) => (await lab.emulator.writes()) >= writesBefore + 1],
    ['half-way through the writes', async (_id, writesBefore) => (await lab.emulator.writes()) >= writesBefore + 6],
    ['while it verifies', async (id) => (await lab.job(id)).steps.some((s) => s.name === 'verify')],
  ];
  it.each(cuts)('SIGKILL %s: restarted, the agent restores the router exactly and the job says so', async (what, reached) => {
    const before = await lab.configuration();
    const writesBefore = await lab.emulator.writes();
    const id = await lab.deploy();
    await lab.until(() => reached(id, writesBefore), `the deployment did not get ${what}`);
    await lab.agent!.stop('SIGKILL');
    const restartedAt = Date.now();
    lab.startAgent();
    const failed = await lab.ended(id);
    expect(failed).toMatchObject({ status: 'failed', errorCode: 'AGENT.RESTARTED' });
    expect(failed.errorMessage).toMatch(/cut off during the job/);
    // The restore runs first thing, and its outcome is written back onto the failed job.
    const restored = await lab.restored(id);
    console.log(`agent killed ${what}: router restored and job final ${Date.now() - restartedAt} ms after the restart`);
    expect(restored.errorMessage).toMatch(/restored to the backup taken before this job/);
    expect(await lab.configuration()).toEqual(before);
  }, 180_000);

  it('a graceful stop rolls back and says the agent stopped, not that a user cancelled', async () => {
    const before = await lab.configuration();
    const writesBefore = await lab.emulator.writes();
    const id = await lab.deploy();
    await lab.until(async () => (await lab.emulator.writes()) >= writesBefore + 3, 'the deployment did not write');
    await lab.agent!.stop('SIGTERM');
    const stopped = await lab.ended(id);
    expect(stopped).toMatchObject({ status: 'failed', errorCode: 'AGENT.STOPPING' });
    expect(stopped.errorMessage).toMatch(/was stopped during the job.*restored from the backup/s);
    expect(await lab.configuration()).toEqual(before);
  }, 180_000);

  it('an agent that stays away leaves a rollback pending, which runs when it returns', async () => {
    const before = await lab.configuration();
    const writesBefore = await lab.emulator.writes();
    const id = await lab.deploy();
    await lab.until(async () => (await lab.emulator.writes()) >= writesBefore + 4, 'the deployment did not write');
    await lab.agent!.stop('SIGKILL');
    const silent = await lab.ended(id);
    expect(silent).toMatchObject({ status: 'failed', errorCode: 'AGENT.SILENT', result: expect.objectContaining({ rollbackPending: true }) });
    expect(silent.errorMessage).toMatch(/Rollback pending: the router may be partly configured/);
    lab.startAgent();
    await lab.restored(id);
    expect(await lab.configuration()).toEqual(before);
  }, 180_000);

  it('health comes through the agent; a silent agent leaves the router unknown, never unreachable', async () => {
    const seen = new Set<string>();
    const mikrotik = async () => {
      const view = (await lab.controlPlane.api<{ mikrotik: { apiStatus: string; routerIdentity: string | null; executorAgentId: string | null } }>('GET', `/peers/${lab.routerId}`)).mikrotik;
      seen.add(view.apiStatus);
      return view;
    };
    // The control plane cannot reach the router (it sits in the site's LAN): "connected" can only come from the agent.
    const read = await lab.until(async () => {
      const view = await mikrotik();
      return view.apiStatus === 'connected' && view.routerIdentity ? view : null;
    }, 'the agent did not report the router\'s health');
    expect(read.executorAgentId).toBe(lab.agentId);
    await lab.agent!.stop('SIGKILL');
    await lab.until(async () => (await mikrotik()).apiStatus === 'agent-offline', 'the router did not turn unknown', 90_000);
    lab.startAgent();
    await lab.until(async () => (await mikrotik()).apiStatus === 'connected', 'the router was not read again');
    expect([...seen]).not.toContain('unreachable');
  }, 180_000);

  it('then deploys cleanly', async () => {
    await lab.emulator.setLatency(0);
    expect(await lab.ended(await lab.deploy())).toMatchObject({ status: 'completed' });
  }, 120_000);
});
