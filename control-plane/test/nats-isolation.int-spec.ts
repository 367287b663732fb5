import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { connect, PermissionViolationError, type NatsConnection } from '@nats-io/transport-node';
import { DesiredStateNoticeSchema, DesiredStateRequestSchema, StatusReportSchema } from '@wom/contracts';
import request from 'supertest';
import { fastJwtAuthenticator } from '../src/nats/nats-auth';
import { decodeJwtClaims } from '../src/nats/nats-jwt';
import { NatsClient } from '../src/nats/nats-client';
import { startTestNats, type TestNats } from './harness/nats-server';
import { connectAgent, enroll, requestDesired, type EnrolledAgent } from './harness/simulated-agent';
import { startTestApp, type TestApp } from './harness/test-app';

/** The promise's value, or `fallback` when it takes longer than `ms`; the timer never outlives it. */
async function within<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<F>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves with the first permission error the connection reports, or null after `ms`. */
function permissionError(connection: NatsConnection, ms = 2_000): Promise<Error | null> {
  const status = (async () => {
    for await (const s of connection.status()) {
      if (s.type === 'error' && s.error instanceof PermissionViolationError) return s.error;
    }
    return null;
  })();
  return within(status, ms, null);
}

describe('per-agent NATS credentials (real nats-server in operator mode)', () => {
  let nats: TestNats;
  let t: TestApp;
  let a: EnrolledAgent;
  let b: EnrolledAgent;
  const open: NatsConnection[] = [];

  beforeAll(async () => {
    nats = await startTestNats();
    t = await startTestApp(nats.env);
    await t.app.get(NatsClient).whenReady();
    const wanId = (await request(t.http).post('/api/wan').send({ name: 'iso' }).expect(201)).body.id;
    const token = (await request(t.http).post('/api/enrollment-tokens').send({ wanId, maxUses: 3 }).expect(201)).body.token;
    a = await enroll(t.http, token, undefined, 'site-a');
    b = await enroll(t.http, token, undefined, 'site-b');
  }, 60_000);

  afterAll(async () => {
    for (const connection of open) await connection.close().catch(() => undefined);
    await t?.close();
    await nats?.stop();
  });

  const connectAs = async (agent: EnrolledAgent, options?: Parameters<typeof connectAgent>[1]) => {
    const connection = await connectAgent(agent, options);
    open.push(connection);
    return connection;
  };

  it('issues a user JWT that allows only the agent\'s own subjects and inbox', () => {
    const claims = decodeJwtClaims(a.enrollment.natsUserJwt);
    const id = a.enrollment.agentId;
    expect(claims.sub).toBe(a.keys.nats.publicKey);
    expect(claims.iss).toBe(nats.trust.keys.accountSigning.publicKey);
    expect(claims.nats).toMatchObject({
      type: 'user',
      issuer_account: nats.trust.keys.account.publicKey,
      pub: { allow: [`wom.agent.${id}.>`] },
      sub: { allow: [`wom.agent.${id}.>`, `_INBOX.${id}.>`] },
    });
    expect(a.enrollment.inboxPrefix).toBe(`_INBOX.${id}`);
  });

  it('lets an agent fetch its own desired state', async () => {
    const connection = await connectAs(a);
    const snapshot = await requestDesired(connection, a);
    expect(snapshot.agentId).toBe(a.enrollment.agentId);
    expect(snapshot.state?.peerId).toBe(a.enrollment.peerId);
  });

  it("refuses agent A a subscription to agent B's subjects and to >", async () => {
    for (const subject of [b.enrollment.subjects!.notify, `wom.agent.${b.enrollment.agentId}.>`, '>', `_INBOX.${b.enrollment.agentId}.>`]) {
      const connection = await connectAs(a);
      const sub = connection.subscribe(subject);
      const failure = await within(sub.closed, 2_000, 'still open');
      expect(failure).toBeInstanceOf(PermissionViolationError);
      expect(String((failure as Error).message)).toContain(subject);
    }
  });

  it("refuses agent A a publish on agent B's subjects, and B receives nothing", async () => {
    const listener = await connectAs(b);
    const received: string[] = [];
    // Only A's marker counts: the control plane's own revision heartbeat may reach B meanwhile.
    const marker = 'from-agent-a';
    listener.subscribe(`wom.agent.${b.enrollment.agentId}.>`, { callback: (_e, msg) => void (msg.string() === marker && received.push(msg.subject)) });
    await listener.flush();
    const connection = await connectAs(a);
    const denied = permissionError(connection);
    connection.publish(b.enrollment.subjects!.notify, new TextEncoder().encode(marker));
    const error = await denied;
    expect(error?.message).toMatch(/Permissions Violation for Publish/);
    await listener.flush();
    expect(received).toEqual([]);
  });

  it("gives agent A no way to make the control plane or the server publish into B's subjects, B's inbox, or its own", async () => {
    const bId = b.enrollment.agentId;
    const aId = a.enrollment.agentId;
    const listener = await connectAs(b);
    const received: string[] = [];
    // The control plane's own notices to B (a change, the periodic announcement) are B's to get.
    const legitimate = (subject: string, data: Uint8Array) => {
      if (subject !== b.enrollment.subjects!.notify) return false;
      try {
        const notice = fromBinary(DesiredStateNoticeSchema, data);
        return notice.agentId === bId && notice.revision > 0n;
      } catch {
        return false;
      }
    };
    for (const subject of [`wom.agent.${bId}.>`, `_INBOX.${bId}.>`]) {
      listener.subscribe(subject, { callback: (_e, msg) => void (legitimate(msg.subject, msg.data) || received.push(msg.subject)) });
    }
    await listener.flush();
    const own = await connectAs(a);
    const targets = [...Object.values(b.enrollment.subjects!).filter((value): value is string => typeof value === "string" && value.startsWith("wom.agent.")), `_INBOX.${bId}.stolen`, `wom.agent.${bId}.job.run1.report`, `wom.agent.${aId}.notify`];
    const desiredRequest = toBinary(DesiredStateRequestSchema, create(DesiredStateRequestSchema, { agentId: aId }));
    for (const reply of targets) {
      // A request for its own state, and a job report of a run, each answered "to" B.
      own.publish(a.enrollment.subjects!.desired, desiredRequest, { reply });
      own.publish(`wom.agent.${aId}.job.run1.report`, new Uint8Array([1]), { reply });
    }
    // A report (into the JetStream stream) whose ack would go to B's notify subject.
    const marker = 4242n;
    own.publish(a.enrollment.subjects!.reportStatus, toBinary(StatusReportSchema, create(StatusReportSchema, { agentId: aId, appliedRevision: marker })), { reply: b.enrollment.subjects!.notify });
    // A's own request, answered after everything above: the responder answers in order.
    expect((await requestDesired(own, a)).agentId).toBe(aId);
    // The report reached the control plane, so its stream ack (if any) was sent before.
    let seen = 0;
    for (let attempt = 0; attempt < 100 && seen !== Number(marker); attempt++) {
      seen = (await request(t.http).get(`/api/agents/${aId}`).expect(200)).body.appliedRevision;
      if (seen !== Number(marker)) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(seen).toBe(Number(marker));
    await listener.flush();
    expect(received).toEqual([]);
  });

  it("answers with credentials that can publish into inboxes only, so no reply can land on a product subject", async () => {
    const credentials = nats.trust.responderUser();
    const responder = await connect({ servers: nats.url, tls: nats.tls, authenticator: fastJwtAuthenticator(credentials.jwt, credentials.seed), reconnect: false });
    open.push(responder);
    const denied = permissionError(responder);
    responder.publish(b.enrollment.subjects!.notify, new Uint8Array([1]));
    expect((await denied)?.message).toMatch(/Permissions Violation for Publish to "wom\.agent\./);
  });

  it('refuses requests without the agent inbox prefix', async () => {
    const connection = await connectAs(a, { inboxPrefix: '_INBOX' });
    await expect(requestDesired(connection, a, 1_500)).rejects.toThrow();
  });

  it('cuts a revoked agent off at once, refuses its reconnect, and leaves other agents alone', async () => {
    const victim = await connectAs(a);
    const bystander = await connectAs(b);
    const closed = victim.closed();
    const started = Date.now();
    const res = await request(t.http).post(`/api/agents/${a.enrollment.agentId}/revoke`).expect(200);
    expect(res.body).toMatchObject({ status: 'revoked', natsUpdated: true });
    const outcome = await within(closed.then(() => 'closed'), 3_000, 'still connected');
    expect(outcome).toBe('closed');
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect(connectAgent(a)).rejects.toThrow(/Authorization Violation|authorization/i);
    expect((await requestDesired(bystander, b)).state?.peerId).toBe(b.enrollment.peerId);
    const report = toBinary(StatusReportSchema, create(StatusReportSchema, { agentId: b.enrollment.agentId, appliedRevision: 1n }));
    bystander.publish(b.enrollment.subjects!.reportStatus, report);
    await bystander.flush();
  });

  it('keeps the revocation across a nats-server restart, and the control plane reconnects', async () => {
    await nats.restart();
    // Checked at once, before the control plane has reconnected and pushed the account again:
    // the server's full resolver kept the revocation on disk.
    await expect(connectAgent(a)).rejects.toThrow(/Authorization Violation|authorization/i);
    const connection = await connectAs(b);
    let snapshot = null;
    for (let attempt = 0; attempt < 50 && !snapshot; attempt++) {
      snapshot = await requestDesired(connection, b, 1_000).catch(() => new Promise<null>((resolve) => setTimeout(() => resolve(null), 200)));
    }
    expect(snapshot?.state?.peerId).toBe(b.enrollment.peerId);
  });
});
