import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { jetstream } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DesiredStateNoticeSchema, desiredStateFromWire, StatusReportSchema } from '@wom/contracts';
import request from 'supertest';
import { createApp } from '../src/app.factory';
import { loadAppConfig } from '../src/config/app-config';
import { Database } from '../src/database/database';
import { NatsClient } from '../src/nats/nats-client';
import { startTestNats, type TestNats } from './harness/nats-server';
import { connectAgent, enroll, requestDesired, type EnrolledAgent } from './harness/simulated-agent';
import { createTestDatabase, type TestDatabase } from './harness/test-app';

/** Notices an agent received, in order; `next` waits for the next one or gives null after `ms`. */
class NoticeQueue {
  private readonly received: bigint[] = [];
  private waiter: ((revision: bigint) => void) | null = null;

  push(data: Uint8Array): void {
    const revision = fromBinary(DesiredStateNoticeSchema, data).revision;
    if (this.waiter) this.waiter(revision);
    else this.received.push(revision);
  }

  async next(ms: number): Promise<bigint | null> {
    const queued = this.received.shift();
    if (queued !== undefined) return queued;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await new Promise<bigint | null>((resolve) => {
        this.waiter = resolve;
        timer = setTimeout(() => resolve(null), ms);
      });
    } finally {
      this.waiter = null;
      clearTimeout(timer);
    }
  }
}

describe('desired-state publisher (real PostgreSQL and nats-server)', () => {
  let nats: TestNats;
  let db: TestDatabase;
  let app: NestExpressApplication;
  let wanId: string;
  let otherPeerId: string;
  let a: EnrolledAgent;
  let b: EnrolledAgent;
  let connection: NatsConnection;
  const notices = new NoticeQueue();

  /** The control plane, on the same database and NATS each time, as after a restart. */
  const startControlPlane = async () => {
    app = await createApp(loadAppConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', ...nats.env }));
    app.useLogger(false);
    await app.init();
    await app.get(NatsClient).whenReady();
  };
  const api = () => request(app.getHttpServer());
  const revisionOf = async (peerId: string) => Number((await api().get(`/api/peers/${peerId}`).expect(200)).body.desiredRevision);
  const until = async (check: () => Promise<boolean>, ms = 5_000) => {
    for (const started = Date.now(); Date.now() - started < ms; await new Promise((r) => setTimeout(r, 50))) if (await check()) return true;
    return false;
  };

  beforeAll(async () => {
    nats = await startTestNats();
    db = await createTestDatabase();
    await startControlPlane();
    wanId = (await api().post('/api/wan').send({ name: 'pub', topologyType: 'mesh' }).expect(201)).body.id;
    const otherWan = (await api().post('/api/wan').send({ name: 'quiet', topologyType: 'mesh', tunnelIpRange: '10.9.0.0/24', sharedServicesRange: '10.9.5.0/24' }).expect(201)).body.id;
    otherPeerId = (await api().post(`/api/wan/${otherWan}/peers`).send({ name: 'bystander', type: 'server', publicKey: 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=' }).expect(201)).body.id;
    const token = (await api().post('/api/enrollment-tokens').send({ wanId, maxUses: 2, nameTemplate: 'site-{n}' }).expect(201)).body.token;
    a = await enroll(app.getHttpServer(), token);
    b = await enroll(app.getHttpServer(), token);
    // Mesh peers need a reachable endpoint on one side of each pair before they get an entry.
    await api().put(`/api/peers/${a.enrollment.peerId}`).send({ endpoint: '203.0.113.1:51820' }).expect(200);
    await api().put(`/api/peers/${b.enrollment.peerId}`).send({ endpoint: '203.0.113.2:51820' }).expect(200);
    connection = await connectAgent(a, { reconnect: true });
    connection.subscribe(a.enrollment.subjects!.notify, { callback: (_error, msg) => notices.push(msg.data) });
    await connection.flush();
  }, 60_000);

  afterAll(async () => {
    await connection?.close().catch(() => undefined);
    await app?.close();
    await db?.drop();
    await nats?.stop();
  });

  it('gives new peers a first revision within a second of their creation', async () => {
    expect(await until(async () => (await revisionOf(a.enrollment.peerId)) > 0 && (await revisionOf(b.enrollment.peerId)) > 0, 3_000)).toBe(true);
    expect(await revisionOf(otherPeerId)).toBeGreaterThan(0);
  });

  it('notifies an affected agent within a second of a published service, with the new state in the snapshot', async () => {
    // Let the enrollment changes settle, then drain their notices.
    await new Promise((r) => setTimeout(r, 1_200));
    while ((await notices.next(100)) !== null);
    const before = (await requestDesired(connection, a)).revision;
    const otherBefore = await revisionOf(otherPeerId);
    const started = Date.now();
    const service = (await api().post(`/api/peers/${b.enrollment.peerId}/services`).send({ name: 'web', localIp: '192.168.7.10', localPort: 8080, sharedPort: 80, protocol: 'tcp' }).expect(201)).body;
    const revision = await notices.next(3_000);
    const elapsed = Date.now() - started;
    expect(revision).not.toBeNull();
    expect(revision!).toBeGreaterThan(before);
    expect(elapsed).toBeLessThan(1_500);
    const snapshot = await requestDesired(connection, a);
    expect(snapshot.revision).toBe(revision);
    const state = desiredStateFromWire(snapshot.state!);
    const entryForB = state.peers.find((peer) => peer.peerId === b.enrollment.peerId);
    expect(entryForB?.allowedIps).toContain(`${service.sharedIp}/32`);
    expect(await revisionOf(otherPeerId)).toBe(otherBefore);
  });

  it('gives no new revision when a change leaves the compiled state as it was', async () => {
    const before = await revisionOf(a.enrollment.peerId);
    await api().put(`/api/peers/${b.enrollment.peerId}`).send({ tags: ['renamed-tag'] }).expect(200);
    expect(await notices.next(1_500)).toBeNull();
    expect(await revisionOf(a.enrollment.peerId)).toBe(before);
  });

  it('keeps reports published while the control plane is down, and keeps revisions growing across its restart', async () => {
    const before = await revisionOf(a.enrollment.peerId);
    await app.close();
    const report = create(StatusReportSchema, { agentId: a.enrollment.agentId, agentVersion: '9.9.9', appliedRevision: BigInt(before), interfaceName: 'wg-test0' });
    const ack = await jetstream(connection).publish(a.enrollment.subjects!.reportStatus, toBinary(StatusReportSchema, report));
    expect(ack.stream).toBe('WOM_AGENT_REPORTS');

    await startControlPlane();
    expect(
      await until(async () => {
        const agent = (await api().get(`/api/agents/${a.enrollment.agentId}`).expect(200)).body;
        return agent.version === '9.9.9' && agent.online === true && agent.appliedRevision === before && agent.interfaceName === 'wg-test0';
      }),
    ).toBe(true);

    await api().post(`/api/peers/${b.enrollment.peerId}/services`).send({ name: 'ssh', localIp: '192.168.7.11', localPort: 22, protocol: 'tcp' }).expect(201);
    const revision = await notices.next(3_000);
    expect(Number(revision)).toBeGreaterThan(before);
    expect((await requestDesired(connection, a)).revision).toBe(revision);
    const [row] = await app.get(Database).manager.query('SELECT count(*)::int AS n FROM state_change WHERE processed_at IS NULL');
    expect(row.n).toBe(0);
  });
});
