import type { NatsConnection } from '@nats-io/transport-node';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { loadAppConfig } from '../../src/config/app-config';
import { NatsClient } from '../../src/nats/nats-client';
import { startTestNats, type TestNats } from './nats-server';
import { connectAgent, enroll, type EnrolledAgent } from './simulated-agent';
import { createTestDatabase, type TestDatabase } from './test-app';

/**
 * A control plane on real PostgreSQL and nats-server with a mesh WAN of two enrolled agents,
 * `a` connected and listening for its notices: the rig the publisher specs share. The control
 * plane can be stopped and started again on the same database and NATS, as after a restart.
 */
export class TwoAgentMesh {
  app!: NestExpressApplication;
  wanId!: string;
  a!: EnrolledAgent;
  b!: EnrolledAgent;
  connection!: NatsConnection;

  private constructor(
    readonly nats: TestNats,
    readonly db: TestDatabase,
  ) {}

  /** `beforeEnroll` runs once the WAN exists, before the agents enroll. */
  static async start(wanName: string, onNotice: (data: Uint8Array) => void, beforeEnroll: (rig: TwoAgentMesh) => Promise<void> = async () => undefined): Promise<TwoAgentMesh> {
    const rig = new TwoAgentMesh(await startTestNats(), await createTestDatabase());
    await rig.startControlPlane();
    rig.wanId = (await rig.api().post('/api/wan').send({ name: wanName, topologyType: 'mesh' }).expect(201)).body.id;
    await beforeEnroll(rig);
    const token = (await rig.api().post('/api/enrollment-tokens').send({ wanId: rig.wanId, maxUses: 2, nameTemplate: 'site-{n}' }).expect(201)).body.token;
    rig.a = await enroll(rig.app.getHttpServer(), token);
    rig.b = await enroll(rig.app.getHttpServer(), token);
    // Mesh peers need a reachable endpoint on one side of each pair before they get an entry.
    await rig.api().put(`/api/peers/${rig.a.enrollment.peerId}`).send({ endpoint: '203.0.113.1:51820' }).expect(200);
    await rig.api().put(`/api/peers/${rig.b.enrollment.peerId}`).send({ endpoint: '203.0.113.2:51820' }).expect(200);
    rig.connection = await connectAgent(rig.a, { reconnect: true });
    rig.connection.subscribe(rig.a.enrollment.subjects!.notify, { callback: (_error, msg) => onNotice(msg.data) });
    await rig.connection.flush();
    return rig;
  }

  api() {
    return request(this.app.getHttpServer());
  }

  async startControlPlane(): Promise<void> {
    this.app = await createApp(loadAppConfig({ DATABASE_URL: this.db.url, LOG_LEVEL: 'silent', ...this.nats.env }));
    this.app.useLogger(false);
    await this.app.init();
    await this.app.get(NatsClient).whenReady();
  }

  async close(): Promise<void> {
    await this.connection?.close().catch(() => undefined);
    await this.app?.close();
    await this.db.drop();
    await this.nats.stop();
  }
}
