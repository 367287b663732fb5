import { fromBinary } from '@bufbuild/protobuf';
import type { NatsConnection } from '@nats-io/transport-node';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { applyDesiredStateDelta, desiredStateFromWire, DesiredStateNoticeSchema, type DesiredStateNotice } from '@wom/contracts';
import type { DesiredState } from '@wom/domain';
import request from 'supertest';
import { createApp } from '../src/app.factory';
import { loadAppConfig } from '../src/config/app-config';
import { NatsClient } from '../src/nats/nats-client';
import { DesiredStatePublisher } from '../src/publisher/desired-state.publisher';
import { startTestNats, type TestNats } from './harness/nats-server';
import { connectAgent, enroll, requestDesired, type EnrolledAgent } from './harness/simulated-agent';
import { createTestDatabase, type TestDatabase } from './harness/test-app';

describe('desired-state deltas (real PostgreSQL and nats-server)', () => {
  let nats: TestNats;
  let db: TestDatabase;
  let app: NestExpressApplication;
  let a: EnrolledAgent;
  let b: EnrolledAgent;
  let connection: NatsConnection;
  const notices: DesiredStateNotice[] = [];

  const startControlPlane = async () => {
    app = await createApp(loadAppConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'silent', ...nats.env }));
    app.useLogger(false);
    await app.init();
    await app.get(NatsClient).whenReady();
  };
  const api = () => request(app.getHttpServer());
  /** The next notice newer than `revision`, or null after 3 s. */
  const noticeAfter = async (revision: bigint): Promise<DesiredStateNotice | null> => {
    for (const started = Date.now(); Date.now() - started < 3_000; await new Promise((r) => setTimeout(r, 20))) {
      const found = notices.find((notice) => notice.revision > revision);
      if (found) return found;
    }
    return null;
  };
  const publishService = (name: string, localPort: number) =>
    api().post(`/api/peers/${b.enrollment.peerId}/services`).send({ name, localIp: '192.168.7.10', localPort, protocol: 'tcp' }).expect(201);
  const fullState = async (): Promise<{ revision: bigint; state: DesiredState }> => {
    const snapshot = await requestDesired(connection, a);
    return { revision: snapshot.revision, state: desiredStateFromWire(snapshot.state!) };
  };

  beforeAll(async () => {
    nats = await startTestNats();
    db = await createTestDatabase();
    await startControlPlane();
    const wanId = (await api().post('/api/wan').send({ name: 'deltas', topologyType: 'mesh' }).expect(201)).body.id;
    const token = (await api().post('/api/enrollment-tokens').send({ wanId, maxUses: 2, nameTemplate: 'site-{n}' }).expect(201)).body.token;
    a = await enroll(app.getHttpServer(), token);
    b = await enroll(app.getHttpServer(), token);
    await api().put(`/api/peers/${a.enrollment.peerId}`).send({ endpoint: '203.0.113.1:51820' }).expect(200);
    await api().put(`/api/peers/${b.enrollment.peerId}`).send({ endpoint: '203.0.113.2:51820' }).expect(200);
    connection = await connectAgent(a, { reconnect: true });
    connection.subscribe(a.enrollment.subjects!.notify, { callback: (_error, msg) => void notices.push(fromBinary(DesiredStateNoticeSchema, msg.data)) });
    await connection.flush();
    // Let the enrollment changes settle.
    await new Promise((r) => setTimeout(r, 1_500));
  }, 60_000);

  afterAll(async () => {
    await connection?.close().catch(() => undefined);
    await app?.close();
    await db?.drop();
    await nats?.stop();
  });

  it('sends each change as a delta that rebuilds exactly the full snapshot, change after change', async () => {
    let held = await fullState();
    for (let change = 0; change < 3; change++) {
      const deltasBefore = app.get(DesiredStatePublisher).stats().deltas;
      await publishService(`web-${change}`, 8080 + change);
      const notice = await noticeAfter(held.revision);
      expect(notice?.revision).toBe(held.revision + 1n);
      expect(notice?.delta?.baseRevision).toBe(held.revision);
      // Only B's entry changed: the delta carries it and nothing else of the peer list.
      expect(notice!.delta!.changedPeers.map((entry) => entry.peerId)).toEqual([b.enrollment.peerId]);
      const rebuilt = applyDesiredStateDelta(held.state, notice!.delta!);
      const full = await fullState();
      expect(full.revision).toBe(notice!.revision);
      expect(rebuilt).toEqual(full.state);
      // One for A, one for B (whose own addresses and service NAT changed).
      expect(app.get(DesiredStatePublisher).stats().deltas).toBe(deltasBefore + 2);
      held = { revision: notice!.revision, state: rebuilt };
    }
  });

  it('sends no delta after a control-plane restart, and the snapshot still gives the new state', async () => {
    const held = await fullState();
    await app.close();
    await startControlPlane();
    await publishService('after-restart', 9090);
    const notice = await noticeAfter(held.revision);
    expect(notice?.revision).toBe(held.revision + 1n);
    expect(notice?.delta).toBeUndefined();
    const full = await fullState();
    expect(full.revision).toBe(notice!.revision);
    expect(full.state.peers.find((entry) => entry.peerId === b.enrollment.peerId)?.allowedIps.length).toBeGreaterThan(
      held.state.peers.find((entry) => entry.peerId === b.enrollment.peerId)!.allowedIps.length,
    );
  });
});
