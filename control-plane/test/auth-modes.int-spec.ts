import request from 'supertest';
import { createAdminCommand } from '../src/auth/create-admin.command';
import { verifyPassword } from '../src/auth/credentials';
import { loadAppConfig } from '../src/config/app-config';
import { Database } from '../src/database/database';
import { createTestDatabase, startTestApp, type TestApp } from './harness/test-app';

/** Single-user mode on loopback (spec §2.2), and the rate-limit classes answering 429. */
describe('single-user mode and rate limits (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ HOST: '127.0.0.1', RATE_LIMIT_DEFAULT: '5', RATE_LIMIT_AUTH: '3' });
  });
  afterAll(() => t.close());
  const api = () => request(t.http);

  it('acts as the implicit admin `local` without any token, and audits as `local`', async () => {
    await api().get('/api/auth/me').expect(200, { kind: 'local', id: null, name: 'local', role: 'admin', mustChangePassword: false });
    const wan = (await api().post('/api/wan').send({ name: 'solo' }).expect(201)).body;
    await api().delete(`/api/wan/${wan.id}`).expect(204);
    const rows = await t.database.manager.query(`SELECT actor_type, actor_name, action FROM audit_log WHERE resource_id = $1 ORDER BY at`, [wan.id]);
    expect(rows).toEqual([
      { actor_type: 'local', actor_name: 'local', action: 'wan.create' },
      { actor_type: 'local', actor_name: 'local', action: 'wan.delete' },
    ]);
    expect(await t.database.manager.query(`SELECT count(*)::int AS n FROM app_user`)).toEqual([{ n: 0 }]);
  });

  it('has no login, and limits the login route per address with 429 and Retry-After', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await api().post('/api/auth/login').send({ username: 'a', password: 'b' }).expect(409);
      expect(res.body.code).toBe('AUTH.LOGIN_DISABLED');
    }
    const limited = await api().post('/api/auth/login').send({ username: 'a', password: 'b' }).expect(429);
    expect(limited.body).toMatchObject({ code: 'RATE.LIMITED', fields: [] });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits the default class per client and route', async () => {
    for (let i = 0; i < 5; i++) await api().get('/healthz').expect(200);
    const limited = await api().get('/healthz').expect(429);
    expect(limited.body.code).toBe('RATE.LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another route has its own budget.
    await api().get('/readyz').expect(200);
  });

  it('create-admin (CLI) creates or resets an admin and prints a one-time password once', async () => {
    const db = await createTestDatabase();
    const config = loadAppConfig({ DATABASE_URL: db.url, AUTH_MODE: 'multi-user', LOG_LEVEL: 'silent' });
    try {
      let printed = '';
      await expect(createAdminCommand(config, 'Root', (text) => (printed += text))).resolves.toBe(0);
      const password = /one-time password: (\S+)/.exec(printed)?.[1] ?? '';
      expect(printed.split(password)).toHaveLength(2);
      await expect(createAdminCommand(config, 'bad name!', (text) => (printed += text))).resolves.toBe(64);
      let second = '';
      await expect(createAdminCommand(config, 'root', (text) => (second += text))).resolves.toBe(0);
      const database = await Database.open(config);
      try {
        const [user] = await database.manager.query(`SELECT username, role, must_change_password, password_hash FROM app_user`);
        expect(user).toMatchObject({ username: 'root', role: 'admin', must_change_password: true });
        await expect(verifyPassword(user.password_hash, password)).resolves.toBe(false);
        await expect(verifyPassword(user.password_hash, /one-time password: (\S+)/.exec(second)?.[1] ?? '')).resolves.toBe(true);
        const audit = await database.manager.query(`SELECT action, actor_name FROM audit_log ORDER BY at`);
        expect(audit).toEqual([{ action: 'user.create-admin', actor_name: 'cli' }, { action: 'user.reset-admin', actor_name: 'cli' }]);
      } finally {
        await database.close();
      }
    } finally {
      await db.drop();
    }
  });
});
