import { spawn, type ChildProcess } from 'node:child_process';
import * as nodeCrypto from 'node:crypto';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  agentJobRunSubject,
  agentSubjects,
  generateSealingKeyPair,
  JobDispatchSchema,
  JobReportAckSchema,
  JobReportSchema,
  JobType,
  routerJobPayloadJson,
  sealSecret,
  type JobDispatch,
  type JobReport,
  type RouterJobPayload,
} from '@wom/contracts';
import { RouterOsEmulator, type EmulatedRouter, freeLoopbackPort } from '@wom/routeros';
import { RouterJobWorker } from './router-job.worker';

/**
 * The agent's router job worker against a real nats-server (no auth: permissions are the
 * control plane's integration test's business) and emulated routers. This test plays the
 * control plane's side of the conversation with plain NATS.
 */

const AGENT = 'agent-under-test';
const PASSWORD = 'Sup3r-secret-router-pass';
const SEALING = generateSealingKeyPair(nodeCrypto);

const freePort = (): Promise<number> => freeLoopbackPort();

async function until<T>(probe: () => T | undefined | null | false, what: string, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('RouterJobWorker (real nats-server, emulated routers)', () => {
  let server: ChildProcess;
  let connection: NatsConnection;
  let controlPlane: NatsConnection;
  let emulator: RouterOsEmulator;
  let routers: EmulatedRouter[];
  let worker: RouterJobWorker;
  const log: string[] = [];
  const subjects = agentSubjects(AGENT);

  beforeAll(async () => {
    const port = await freePort();
    server = spawn('nats-server', ['-a', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
    const url = `nats://127.0.0.1:${port}`;
    const end = Date.now() + 10_000;
    for (;;) {
      try {
        connection = await connect({ servers: url, reconnect: false });
        break;
      } catch (error) {
        if (Date.now() > end) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    controlPlane = await connect({ servers: url, reconnect: false });
    emulator = new RouterOsEmulator();
    routers = [
      await emulator.addRouter('one', { users: [{ name: 'wom', password: PASSWORD, policies: ['read', 'write', 'api', 'rest-api'] }] }),
      await emulator.addRouter('two', { users: [{ name: 'wom', password: PASSWORD, policies: ['read', 'write', 'api', 'rest-api'] }] }),
    ];
    worker = new RouterJobWorker(connection, AGENT, { log: (line) => log.push(line), answerTimeoutMs: 500, attempts: 2, sealingKey: SEALING });
    worker.start();
  }, 30_000);

  afterAll(async () => {
    await worker?.stop();
    await connection?.close();
    await controlPlane?.close();
    await emulator?.close();
    server?.kill('SIGTERM');
  });

  const payload = (router: EmulatedRouter): RouterJobPayload => ({
    connection: { host: router.host, port: router.port, protocol: 'http', username: 'wom', password: PASSWORD, verifyTls: false, ca: null, timeoutMs: 5_000, maxAttempts: 1 },
    desired: null,
    backup: null,
    reconcile: null,
  });
  /** A dispatch as the control plane sends it: the password sealed to this agent for this run, the payload without it. */
  const dispatchOf = (runId: string, targetPeerId: string, router: EmulatedRouter, jobType = JobType.TEST_CONNECTION) =>
    create(JobDispatchSchema, {
      jobId: runId,
      runId,
      agentId: AGENT,
      jobType,
      targetPeerId,
      payloadJson: routerJobPayloadJson(payload(router)),
      sealedPassword: sealSecret(nodeCrypto, SEALING.publicKey, { agentId: AGENT, runId }, PASSWORD),
      heartbeatMs: 60_000,
    });
  const publish = (body: JobDispatch) => controlPlane.publish(subjects.jobDispatch, toBinary(JobDispatchSchema, body));
  const dispatch = (runId: string, targetPeerId: string, router: EmulatedRouter, jobType = JobType.TEST_CONNECTION) => publish(dispatchOf(runId, targetPeerId, router, jobType));

  /** Answers every report of these runs as the control plane would, and keeps them in arrival order. */
  const listen = (runIds: readonly string[]) => {
    const reports: JobReport[] = [];
    const subscriptions = runIds.map((runId) =>
      controlPlane.subscribe(agentJobRunSubject(AGENT, runId), {
        callback: (error, message) => {
          if (error !== null) return;
          reports.push(fromBinary(JobReportSchema, message.data));
          message.respond(toBinary(JobReportAckSchema, create(JobReportAckSchema, { accepted: true })));
        },
      }),
    );
    return { reports, stop: () => subscriptions.forEach((s) => s.unsubscribe()) };
  };
  const resultOf = (reports: readonly JobReport[], runId: string) => reports.find((r) => r.runId === runId && r.report.case === 'result');

  it('runs a dispatched job against its router and streams numbered reports, calls and the engine result; never logs the password', async () => {
    const run = 'run-single';
    const conversation = listen([run]);
    await controlPlane.flush();
    dispatch(run, 'peer-1', routers[0]!);
    dispatch(run, 'peer-1', routers[0]!); // a repeated dispatch runs once
    const result = await until(() => resultOf(conversation.reports, run), 'the result');
    conversation.stop();
    expect(conversation.reports.map((r) => r.sequence)).toEqual(conversation.reports.map((_, i) => i + 1));
    expect(conversation.reports[0]!.report).toMatchObject({ case: 'progress', value: { message: 'accepted' } });
    expect(conversation.reports.filter((r) => r.report.case === 'result')).toHaveLength(1);
    expect(result.report.case === 'result' && result.report.value.ok).toBe(true);
    const engine = JSON.parse(result.report.case === 'result' ? result.report.value.resultJson : '{}');
    expect(engine).toMatchObject({ status: 'connected' });
    const calls = conversation.reports.flatMap((r) => r.calls);
    expect(calls.length).toBe(routers[0]!.calls.length);
    expect(calls.every((call) => call.path.startsWith('/rest/') && call.status === 200)).toBe(true);
    expect(log.join('\n')).toContain(`running job ${run}`);
    expect(log.join('\n')).not.toContain(PASSWORD);
    expect(JSON.stringify(conversation.reports, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).not.toContain(PASSWORD);
  });

  it('runs jobs for one router one after the other, and jobs for different routers side by side', async () => {
    for (const router of routers) router.setLatency(150);
    const conversation = listen(['same-a', 'same-b', 'other']);
    await controlPlane.flush();
    try {
      dispatch('same-a', 'peer-1', routers[0]!);
      dispatch('same-b', 'peer-1', routers[0]!);
      dispatch('other', 'peer-2', routers[1]!);
      await until(() => ['same-a', 'same-b', 'other'].every((run) => resultOf(conversation.reports, run)), 'three results', 20_000);
    } finally {
      conversation.stop();
      for (const router of routers) router.setLatency(0);
    }
    const at = (run: string, predicate: (r: JobReport) => boolean) => conversation.reports.findIndex((r) => r.runId === run && predicate(r));
    const firstCallOfB = at('same-b', (r) => r.calls.length > 0);
    expect(firstCallOfB).toBeGreaterThan(at('same-a', (r) => r.report.case === 'result'));
    // The other router did not wait for the first one's queue.
    expect(at('other', (r) => r.report.case === 'result')).toBeLessThan(at('same-b', (r) => r.report.case === 'result'));
  });

  it('gives a run up when nobody listens for its reports any more', async () => {
    dispatch('orphan', 'peer-3', routers[1]!);
    await until(() => log.some((line) => line.includes('the result of job orphan') && line.includes('was not delivered')), 'the lost run to be given up');
    await until(() => !worker.runningJobIds.includes('orphan'), 'the run to end');
  });

  const otherKey = generateSealingKeyPair(nodeCrypto);
  it.each<[string, (body: JobDispatch) => JobDispatch, RegExp]>([
    ['addressed to another agent', (body) => ({ ...body, agentId: 'another-agent' }), /addressed to agent another-agent, not to this agent \(agent-under-test\)/],
    ['sealed for another run', (body) => ({ ...body, sealedPassword: sealSecret(nodeCrypto, SEALING.publicKey, { agentId: AGENT, runId: 'another-run' }, PASSWORD) }), /does not open for agent agent-under-test/],
    ['sealed to another agent’s key', (body) => ({ ...body, sealedPassword: sealSecret(nodeCrypto, otherKey.publicKey, { agentId: AGENT, runId: body.runId }, PASSWORD) }), /sealed to another agent's key/],
    ['altered on the way', (body) => ({ ...body, sealedPassword: body.sealedPassword.map((byte, i) => (i === 40 ? byte ^ 1 : byte)) }), /altered on the way/],
    ['truncated', (body) => ({ ...body, sealedPassword: body.sealedPassword.subarray(0, 20) }), /truncated/],
    ['without a sealed password', (body) => ({ ...body, sealedPassword: new Uint8Array(0) }), /no sealed router password; upgrade the control plane/],
    ['with the password in clear in its payload', (body) => ({ ...body, payloadJson: JSON.stringify(payload(routers[0]!)) }), /password in clear/],
  ])('refuses a dispatch %s: reports why, logs it, never the secret, and leaves the router untouched', async (what, spoil, reason) => {
    const run = `refused-${what.replace(/[^a-z]/g, '')}`.slice(0, 60);
    const conversation = listen([run]);
    await controlPlane.flush();
    const callsBefore = routers[0]!.calls.length;
    publish(spoil(dispatchOf(run, 'peer-9', routers[0]!)));
    const result = await until(() => resultOf(conversation.reports, run), 'the refusal');
    conversation.stop();
    expect(result.report.case === 'result' && result.report.value).toMatchObject({ ok: false, error: expect.stringMatching(reason) });
    expect(routers[0]!.calls.length).toBe(callsBefore);
    expect(log.find((line) => line.includes(`job ${run}`) && line.includes('failed:'))).toMatch(reason);
    expect(log.join('\n')).not.toContain(PASSWORD);
  });

  it('drops a dispatch it cannot read or whose ids are not subject tokens', async () => {
    controlPlane.publish(subjects.jobDispatch, new Uint8Array([0xff, 0xff, 0xff]));
    controlPlane.publish(subjects.jobDispatch, toBinary(JobDispatchSchema, create(JobDispatchSchema, { jobId: 'x', runId: 'bad.*', targetPeerId: 'peer-1', jobType: JobType.TEST_CONNECTION, payloadJson: '{}' })));
    await until(() => log.includes('jobs: dropped an unreadable dispatch'), 'the unreadable dispatch to be dropped');
    await controlPlane.flush();
    expect(worker.runningJobIds).not.toContain('x');
  });
});
