import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { createApp } from '../src/app.factory';
import { loadAppConfig } from '../src/config/app-config';
import { createTestDatabase } from './harness/test-app';

/** Generous: an answer takes milliseconds; a wedged database never answers at all. */
const ANSWER_WITHIN_MS = 15_000;

interface Backend {
  readonly name: string;
  /** The environment that selects the database, and how to remove it afterwards. */
  prepare(): Promise<{ env: Record<string, string>; remove(): Promise<void> }>;
}

const BACKENDS: readonly Backend[] = [
  {
    name: 'embedded PGlite',
    prepare: async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'wom-hist-'));
      return { env: { DATA_DIR: dataDir }, remove: async () => rmSync(dataDir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'PostgreSQL',
    prepare: async () => {
      const db = await createTestDatabase();
      return { env: { DATABASE_URL: db.url }, remove: () => db.drop() };
    },
  },
];

/** Boots the app in multi-user mode and returns it with the bootstrap admin's one-time password. */
async function startMultiUser(env: Record<string, string>): Promise<{ app: NestExpressApplication; bootstrapPassword: string }> {
  let output = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
  try {
    const config = loadAppConfig({ LOG_LEVEL: 'silent', MONITOR_INTERVAL_SECONDS: '0', AUTH_MODE: 'multi-user', JWT_SECRET: randomBytes(32).toString('base64'), ...env });
    const app = await createApp(config);
    app.useLogger(false);
    await app.init();
    return { app, bootstrapPassword: /one-time password: (\S+)/.exec(output)?.[1] ?? '' };
  } finally {
    spy.mockRestore();
  }
}

/**
 * Marking a configuration version applied, as an operator, must answer on both databases and
 * leave the server serving: on the embedded PGlite (one connection) a query outside the
 * request's transaction used to wait for that transaction forever, wedging every later request.
 */
describe.each(BACKENDS)('marking a history version applied ($name)', (backend) => {
  let app: NestExpressApplication;
  let removeDatabase: () => Promise<void>;
  let operator: Record<string, string>;
  const api = () => request(app.getHttpServer());

  beforeAll(async () => {
    const prepared = await backend.prepare();
    removeDatabase = prepared.remove;
    const started = await startMultiUser(prepared.env);
    app = started.app;
    const first = await api().post('/api/auth/login').send({ username: 'admin', password: started.bootstrapPassword }).expect(200);
    const adminPassword = `admin-${randomBytes(12).toString('hex')}`;
    await api().post('/api/auth/password').set({ Authorization: `Bearer ${first.body.accessToken}` }).send({ currentPassword: started.bootstrapPassword, newPassword: adminPassword }).expect(204);
    const admin = { Authorization: `Bearer ${(await api().post('/api/auth/login').send({ username: 'admin', password: adminPassword }).expect(200)).body.accessToken}` };
    await api().post('/api/users').set(admin).send({ username: 'noc-operator', password: 'operator-password-1', role: 'operator', mustChangePassword: false }).expect(201);
    operator = { Authorization: `Bearer ${(await api().post('/api/auth/login').send({ username: 'noc-operator', password: 'operator-password-1' }).expect(200)).body.accessToken}` };
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await removeDatabase?.();
  });

  it('answers, clears pendingManualApplication, and leaves /readyz and the API answering', async () => {
    const wanId = (await api().post('/api/wan').set(operator).send({ name: 'history-wedge', topologyType: 'hub-spoke' }).expect(201)).body.id;
    await api().post(`/api/wan/${wanId}/peers`).set(operator).send({ name: 'hub', type: 'hub', endpoint: 'hub.example.com:51820', listenPort: 51820 }).expect(201);
    const laptopId = (await api().post(`/api/wan/${wanId}/peers`).set(operator).send({ name: 'laptop', type: 'client' }).expect(201)).body.id;
    await api().post(`/api/wan/${wanId}/regenerate-all`).set(operator).expect(200);
    const [latest] = (await api().get(`/api/peers/${laptopId}/history`).set(operator).expect(200)).body.items;

    const applied = await api().post(`/api/peers/${laptopId}/history/${latest.id}/mark-applied`).set(operator).timeout(ANSWER_WITHIN_MS).expect(200);
    expect(applied.body).toMatchObject({ id: latest.id, appliedAt: expect.any(String) });
    // Repeating it changes nothing and answers just the same.
    const again = await api().post(`/api/peers/${laptopId}/history/${latest.id}/mark-applied`).set(operator).timeout(ANSWER_WITHIN_MS).expect(200);
    expect(again.body.appliedAt).toBe(applied.body.appliedAt);
    // An unknown version is a 404 from inside the same transaction, not a wait.
    await api().post(`/api/peers/${laptopId}/history/00000000-0000-4000-8000-000000000000/mark-applied`).set(operator).timeout(ANSWER_WITHIN_MS).expect(404);

    await api().get('/readyz').timeout(ANSWER_WITHIN_MS).expect(200);
    const peer = await api().get(`/api/peers/${laptopId}`).set(operator).timeout(ANSWER_WITHIN_MS).expect(200);
    expect(peer.body.pendingManualApplication).toBe(false);
  }, 60_000);
});
