import * as nodeCrypto from 'node:crypto';
import { connect as connectTcp } from 'node:net';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { connect, type Msg, type NatsConnection } from '@nats-io/transport-node';
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
  type JobReport,
} from '@wom/contracts';
import type { EmulatedRouter } from '@wom/routeros';
import request from 'supertest';
// The site agent's own job worker, in process, as in agent-router-jobs.int-spec.ts.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { RouterJobWorker } from '../../agent/src/jobs/router-job.worker';
import { fastJwtAuthenticator } from '../src/nats/nats-auth';
import { NatsClient } from '../src/nats/nats-client';
import { createRouterWan, eventually, RouterLab, ROUTER_PASSWORD, waitForJob } from './harness/mikrotik-routers';
import { startTestNats, type TestNats } from './harness/nats-server';
import { connectAgent, enroll, newAgentKeys, type EnrolledAgent } from './harness/simulated-agent';
import { startTestApp, type TestApp } from './harness/test-app';

/** Every spelling of the password that would give it away in a captured message. */
const SPELLINGS = [Buffer.from(ROUTER_PASSWORD), Buffer.from(Buffer.from(ROUTER_PASSWORD).toString('base64')), Buffer.from(Buffer.from(ROUTER_PASSWORD).toString('base64url')), Buffer.from(Buffer.from(ROUTER_PASSWORD).toString('hex'))];
const holdsPassword = (bytes: Uint8Array): boolean => SPELLINGS.some((spelling) => Buffer.from(bytes).includes(spelling));

/**
 * Router passwords sealed end to end and NATS over TLS, on real PostgreSQL, a real nats-server
 * with the control plane's TLS, an enrolled agent's job worker and an emulated router: what
 * crosses the server holds no password, the agent still logs in, it trusts no other server's
 * certificate, the server takes no plain connection, and every bad dispatch is refused with
 * its reason while the router stays untouched.
 */
describe('router passwords sealed to the agent, NATS over TLS (real PostgreSQL, nats-server, agent worker, emulated router)', () => {
  let nats: TestNats;
  let t: TestApp;
  let lab: RouterLab;
  let routerIds: string[];
  let router: EmulatedRouter;
  let agent: EnrolledAgent;
  let agentId: string;
  let agentConnection: NatsConnection;
  let worker: RouterJobWorker;
  /** The control plane's own credentials: may read every subject, like anything with access to the server. */
  let privileged: NatsConnection;
  const dispatches: { agentId: string; data: Uint8Array }[] = [];
  const agentLog: string[] = [];
  const api = () => request(t.http);
  const testConnection = async () => waitForJob(t, (await api().post(`/api/peers/${routerIds[0]}/mikrotik/test-connection`).send({}).expect(202)).body.id);
  const assign = (id: string) => api().post(`/api/peers/${routerIds[0]}/mikrotik/executor`).send({ agentId: id }).expect(200);

  beforeAll(async () => {
    nats = await startTestNats();
    t = await startTestApp({ ...nats.env, JOB_POLL_INTERVAL_MS: '50', JOB_LEASE_SECONDS: '3', DRIFT_CHECK_CRON: 'off', MONITOR_INTERVAL_SECONDS: '0', WOM_MASTER_KEY: 'd'.repeat(64) });
    await t.app.get(NatsClient).whenReady();
    lab = new RouterLab(t);
    ({ routerIds } = await createRouterWan(t, 'sealed', 1));
    router = await lab.addRouter(routerIds[0]!, { identity: 'behind-agent' });
    const wanId = (await api().get(`/api/peers/${routerIds[0]}`).expect(200)).body.wanId as string;
    const token = (await api().post('/api/enrollment-tokens').send({ wanId, maxUses: 2 }).expect(201)).body.token as string;
    agent = await enroll(t.http, token, undefined, 'site-a');
    agentId = agent.enrollment.agentId;
    agentConnection = await connectAgent(agent, { reconnect: true });
    worker = new RouterJobWorker(agentConnection, agentId, { log: (line) => agentLog.push(line), answerTimeoutMs: 2_000, attempts: 2, sealingKey: agent.keys.sealing });
    worker.start();
    const user = nats.trust.controlPlaneUser();
    privileged = await connect({ servers: nats.url, tls: nats.tls, authenticator: fastJwtAuthenticator(user.jwt, user.seed), reconnect: false });
    privileged.subscribe('wom.agent.*.job.dispatch', {
      callback: (_error, msg) => {
        dispatches.push({ agentId: msg.subject.split('.')[2]!, data: msg.data });
      },
    });
    await privileged.flush();
    await assign(agentId);
  }, 60_000);

  afterAll(async () => {
    await worker?.stop();
    await agentConnection?.close();
    await privileged?.close();
    await lab?.close();
    await t?.close();
    await nats?.stop();
  });

  it('sends the dispatch with the password sealed: no spelling of it crosses the server, and the agent still logs in to the router', async () => {
    const before = dispatches.length;
    const job = await testConnection();
    expect(job).toMatchObject({ status: 'completed', errorMessage: null });
    expect(job.result).toMatchObject({ status: 'connected', identity: 'behind-agent' });
    expect(router.calls.length).toBeGreaterThan(0);

    const seen = dispatches.slice(before).filter((d) => d.agentId === agentId);
    expect(seen.length).toBeGreaterThan(0);
    for (const { data } of seen) {
      expect(holdsPassword(data)).toBe(false);
      const dispatch = fromBinary(JobDispatchSchema, data);
      expect(dispatch).toMatchObject({ agentId, jobType: JobType.TEST_CONNECTION });
      expect(dispatch.payloadJson).not.toMatch(/password/i);
      expect(dispatch.sealedPassword.length).toBeGreaterThan(ROUTER_PASSWORD.length);
    }
    expect(agentLog.join('\n')).not.toContain(ROUTER_PASSWORD);
  });

  it('trusts only the CA it pinned at enrollment: a server with another certificate, or without TLS, is refused', async () => {
    expect(agent.enrollment.natsCaPem).toBe(nats.caPem);
    expect(agent.enrollment.natsUrls.every((url) => url.startsWith('tls://'))).toBe(true);
    // Same names (127.0.0.1), same protocol, another CA: only the pinned CA makes the difference.
    const impostor = await startTestNats();
    const plain = await startTestNats({ tls: false });
    try {
      await expect(connectAgent(agent, { servers: [impostor.url] })).rejects.toThrow(/certificate/i);
      await expect(connectAgent(agent, { servers: [plain.url] })).rejects.toThrow(/does not support 'tls'/);
    } finally {
      await impostor.stop();
      await plain.stop();
    }
  });

  it('takes no connection without TLS', async () => {
    const user = nats.trust.controlPlaneUser();
    await expect(connect({ servers: nats.url, tls: null, authenticator: fastJwtAuthenticator(user.jwt, user.seed), reconnect: false })).rejects.toThrow(/tls/i);
    // Below the client library: a raw socket that speaks the protocol in clear is cut off.
    const session = await plainTextSession(Number(new URL(nats.url).port), `CONNECT {"verbose":false,"jwt":"${user.jwt}"}\r\nPING\r\n`);
    expect(session.info).toMatchObject({ tls_required: true });
    expect(session.rest).not.toContain('PONG');
    expect(session.error === null || session.error === 'ECONNRESET' || session.error === 'EPIPE').toBe(true);
  });

  it('refuses to dispatch to an agent enrolled without a sealing key, naming the fix, and sends nothing', async () => {
    const wanId = (await api().get(`/api/peers/${routerIds[0]}`).expect(200)).body.wanId as string;
    const token = (await api().post('/api/enrollment-tokens').send({ wanId }).expect(201)).body.token as string;
    const keys = newAgentKeys();
    // What an agent from before sealing sends: no sealingPublicKey.
    const old = (await api().post('/api/agents/enroll').send({ token, wireguardPublicKey: keys.wireguard.publicKey, natsPublicKey: keys.nats.publicKey, hostname: 'old-box' }).expect(201)).body.agentId as string;
    await assign(old);
    const [calls, before] = [router.calls.length, dispatches.length];
    try {
      const job = await testConnection();
      expect(job.status).toBe('failed');
      expect(job.errorMessage).toMatch(new RegExp(`Site agent ${old} has no key to seal the router password to.*enroll it again.*Nothing was sent to it`));
      expect(dispatches.slice(before).filter((d) => d.agentId === old)).toEqual([]);
      expect(router.calls.length).toBe(calls);
    } finally {
      await assign(agentId);
    }
  });

  it('fails the job with the agent’s reason when the sealed password does not open for it, and leaves the router untouched', async () => {
    const [calls, stored] = [router.calls.length, agent.keys.sealing.publicKey];
    await t.database.manager.query('UPDATE agent SET sealing_public_key = $2 WHERE id = $1', [agentId, generateSealingKeyPair(nodeCrypto).publicKey]);
    try {
      const job = await testConnection();
      expect(job.status).toBe('failed');
      expect(job.errorMessage).toMatch(new RegExp(`does not open for agent ${agentId}.*Refused; the router was not touched`));
      expect(job.errorMessage).not.toContain(ROUTER_PASSWORD);
      expect(router.calls.length).toBe(calls);
      expect(agentLog.some((line) => line.includes(`job ${job.id}`) && /failed: The sealed secret does not open/.test(line))).toBe(true);
    } finally {
      await t.database.manager.query('UPDATE agent SET sealing_public_key = $2 WHERE id = $1', [agentId, stored]);
    }
    expect((await testConnection()).status).toBe('completed');
  });

  it.each<[string, (runId: string) => { agentId: string; sealedPassword: Uint8Array }, RegExp]>([
    ['addressed to another agent', (runId) => ({ agentId: 'another-agent', sealedPassword: sealFor(agentId, runId) }), /addressed to agent another-agent, not to this agent/],
    ['sealed for another run (a replay)', () => ({ agentId, sealedPassword: sealFor(agentId, nodeCrypto.randomUUID()) }), /does not open for agent .*another run/],
    ['sealed for another agent', (runId) => ({ agentId, sealedPassword: sealFor('another-agent', runId) }), /does not open for agent/],
  ])('refuses a dispatch %s: the failure reason is reported back, the router is untouched', async (_what, spoil, reason) => {
    const runId = nodeCrypto.randomUUID();
    const reports: JobReport[] = [];
    const listener = privileged.subscribe(agentJobRunSubject(agentId, runId), {
      callback: (_error, msg: Msg) => {
        reports.push(fromBinary(JobReportSchema, msg.data));
        msg.respond(toBinary(JobReportAckSchema, create(JobReportAckSchema, { accepted: true })));
      },
    });
    await privileged.flush();
    const calls = router.calls.length;
    const connection = { host: router.host, port: router.port, protocol: 'http' as const, username: 'wom', password: ROUTER_PASSWORD, verifyTls: false, ca: null, timeoutMs: 5_000, maxAttempts: 1 };
    const body = create(JobDispatchSchema, { jobId: runId, runId, targetPeerId: routerIds[0]!, jobType: JobType.TEST_CONNECTION, payloadJson: routerJobPayloadJson({ connection, desired: null, backup: null, reconcile: null }), heartbeatMs: 60_000, ...spoil(runId) });
    privileged.publish(agentSubjects(agentId).jobDispatch, toBinary(JobDispatchSchema, body));
    try {
      const result = await eventually(async () => reports.find((r) => r.report.case === 'result'), 10_000, 'the refusal');
      expect(result.report.case === 'result' && result.report.value).toMatchObject({ ok: false, error: expect.stringMatching(reason) });
      expect(router.calls.length).toBe(calls);
      expect(agentLog.join('\n')).not.toContain(ROUTER_PASSWORD);
    } finally {
      listener.unsubscribe();
    }
  });

  const sealFor = (forAgent: string, runId: string) => sealSecret(nodeCrypto, agent.keys.sealing.publicKey, { agentId: forAgent, runId }, ROUTER_PASSWORD);
});

/** Speaks the NATS protocol in clear to `port`: the server's INFO, and whatever it says to `text` until it closes or resets the connection. */
function plainTextSession(port: number, text: string): Promise<{ info: Record<string, unknown>; rest: string; error: string | null }> {
  return new Promise((resolve) => {
    let error: string | null = null;
    const socket = connectTcp(port, '127.0.0.1');
    let received = '';
    let sent = false;
    const timer = setTimeout(() => socket.destroy(new Error(`the server neither answered nor closed: ${received}`)), 10_000);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (!sent && received.includes('\r\n')) {
        sent = true;
        socket.write(text);
      }
    });
    socket.on('error', (cause: NodeJS.ErrnoException) => (error = cause.code ?? cause.message));
    socket.on('close', () => {
      clearTimeout(timer);
      const [first = '', ...rest] = received.split('\r\n');
      resolve({ info: JSON.parse(first.replace(/^INFO /, '')) as Record<string, unknown>, rest: rest.join('\r\n'), error });
    });
  });
}
