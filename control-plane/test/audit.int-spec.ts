import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { startTestApp, type TestApp } from './harness/test-app';

/**
 * The audit trail (spec §10.4) and the promise that no secret reaches it or the logs.
 * Everything the app writes to stdout/stderr (structured logs included) is captured.
 */
describe('audit log (multi-user, real PostgreSQL)', () => {
  let t: TestApp;
  let output = '';
  let restore: () => void = () => undefined;
  let admin: Record<string, string> = {};
  const adminPassword = `Adm1n-${randomBytes(16).toString('hex')}`;
  const operatorPassword = `Op3rator-${randomBytes(16).toString('hex')}`;
  const privateKeyLine = 'PrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
  let apiKeyToken = '';

  const api = () => request(t.http);
  const capture = (chunk: unknown) => {
    output += typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : ArrayBuffer.isView(chunk) ? Buffer.from(chunk.buffer).toString('utf8') : '';
  };

  beforeAll(async () => {
    const spies = [
      jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (capture(chunk), true)),
      jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (capture(chunk), true)),
    ];
    const realWrite = fs.write;
    const realWriteSync = fs.writeSync;
    // pino writes to fd 1 through sonic-boom (fs.write / fs.writeSync), not process.stdout.
    const writeSync = jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
      if (fd === 1 || fd === 2) return (capture(data), typeof data === 'string' ? Buffer.byteLength(data) : (data as Uint8Array).byteLength);
      return (realWriteSync as (...args: unknown[]) => number)(fd, data, ...rest);
    }) as typeof fs.writeSync);
    const write = jest.spyOn(fs, 'write').mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
      if (fd !== 1 && fd !== 2) return (realWrite as (...args: unknown[]) => void)(fd, data, ...rest);
      capture(data);
      const callback = rest.find((arg) => typeof arg === 'function') as ((e: null, n: number) => void) | undefined;
      const size = typeof data === 'string' ? Buffer.byteLength(data) : (data as Uint8Array).byteLength;
      if (callback) process.nextTick(callback, null, size);
    }) as typeof fs.write);
    restore = () => [...spies, writeSync, write].forEach((spy) => spy.mockRestore());
    t = await startTestApp({ AUTH_MODE: 'multi-user', JWT_SECRET: randomBytes(32).toString('base64'), LOG_LEVEL: 'debug', TRUST_PROXY: 'loopback' });
    const bootstrap = /one-time password: (\S+)/.exec(output)?.[1] ?? '';
    const first = await api().post('/api/auth/login').send({ username: 'admin', password: bootstrap }).expect(200);
    await api().post('/api/auth/password').set({ Authorization: `Bearer ${first.body.accessToken}` }).send({ currentPassword: bootstrap, newPassword: adminPassword }).expect(204);
    admin = { Authorization: `Bearer ${(await api().post('/api/auth/login').send({ username: 'admin', password: adminPassword }).expect(200)).body.accessToken}` };
  });
  afterAll(async () => {
    await t.close();
    restore();
  });

  const entries = async (query: Record<string, string>) => (await api().get('/api/audit').query(query).set(admin).expect(200)).body;

  it('records WAN and peer changes with actor, before/after, request id and client IP, in the same transaction', async () => {
    await api().post('/api/users').set(admin).send({ username: 'olga', password: operatorPassword, role: 'operator', mustChangePassword: false }).expect(201);
    const olga = { Authorization: `Bearer ${(await api().post('/api/auth/login').send({ username: 'olga', password: operatorPassword }).expect(200)).body.accessToken}` };
    const wan = (await api().post('/api/wan').set(olga).send({ name: 'audited' }).expect(201)).body;
    const peer = (await api().post(`/api/wan/${wan.id}/peers`).set(olga).set('X-Request-Id', 'req-audit-1').send({ name: 'p1', type: 'server' }).expect(201)).body;
    await api().put(`/api/peers/${peer.id}`).set(olga).send({ name: 'p1-renamed', tags: ['edge'] }).expect(200);
    await api().delete(`/api/peers/${peer.id}`).set(olga).expect(204);
    // A refused change leaves no entry: the audit row rolls back with it.
    await api().post(`/api/wan/${wan.id}/peers`).set(olga).send({ name: 'p2', type: 'server', tunnelIp: '192.168.1.1' }).expect(400);

    const page = await entries({ entityType: 'peer', entityId: peer.id });
    expect(page.items.map((e: { action: string }) => e.action)).toEqual(['peer.delete', 'peer.update', 'peer.create']);
    const [deleted, updated, created] = page.items;
    expect(created).toMatchObject({ actor: { type: 'user', name: 'olga' }, entityType: 'peer', wanId: wan.id, before: null, after: { id: peer.id, name: 'p1' }, requestId: 'req-audit-1', ip: expect.stringMatching(/127\.0\.0\.1/) });
    expect(updated).toMatchObject({ before: { name: 'p1', tags: [] }, after: { name: 'p1-renamed', tags: ['edge'] } });
    expect(deleted).toMatchObject({ before: { name: 'p1-renamed' }, after: null });
    expect((await entries({ action: 'peer.create', entityId: peer.id })).total).toBe(1);
    expect((await entries({ actor: 'olga', action: 'wan.create' })).items[0]).toMatchObject({ entityId: wan.id, after: { name: 'audited' } });
    expect((await entries({ actor: 'olga', entityType: 'peer' })).total).toBe(3);
  });

  it('takes the client IP from X-Forwarded-For only through a trusted proxy (TRUST_PROXY)', async () => {
    const wan = (await api().post('/api/wan').set(admin).set('X-Forwarded-For', '203.0.113.7').send({ name: 'proxied' }).expect(201)).body;
    expect((await entries({ entityId: wan.id })).items[0]).toMatchObject({ action: 'wan.create', ip: '203.0.113.7', actor: { type: 'user', name: 'admin' } });
  });

  it('filters by time and paginates', async () => {
    const all = await entries({ limit: '2' });
    expect(all.items).toHaveLength(2);
    expect(all.total).toBeGreaterThan(2);
    expect((await entries({ limit: '2', offset: '2' })).items[0].id).not.toBe(all.items[0].id);
    expect((await entries({ from: '2100-01-01T00:00:00Z' })).total).toBe(0);
    expect((await entries({ to: '2000-01-01T00:00:00Z' })).total).toBe(0);
    await api().get('/api/audit').query({ from: 'yesterday' }).set(admin).expect(400);
  });

  it('records logins, failed logins, user and API key administration', async () => {
    await api().post('/api/auth/login').send({ username: 'olga', password: 'definitely-wrong' }).expect(401);
    const key = await api().post('/api/api-keys').set(admin).send({ name: 'scanner', role: 'operator' }).expect(201);
    apiKeyToken = key.body.token;
    // An API key acting is recorded as the key; a token pasted into a field is redacted in the trail.
    await api().post('/api/wan').set({ Authorization: `Bearer ${apiKeyToken}` }).send({ name: 'by-key-desc', description: `token ${apiKeyToken}` }).expect(201);
    const viaKey = await api().post('/api/wan').set({ Authorization: `Bearer ${apiKeyToken}` }).send({ name: 'by-key' }).expect(201);
    await api().delete(`/api/api-keys/${key.body.id}`).set(admin).expect(204);
    const actions = (await entries({ limit: '500' })).items.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.bootstrap', 'user.change-password', 'auth.login', 'auth.login-failed', 'user.create', 'api-key.create', 'api-key.revoke']));
    expect((await entries({ entityId: viaKey.body.id })).items[0]).toMatchObject({ action: 'wan.create', actor: { type: 'api-key', id: key.body.id, name: 'scanner' } });
  });

  it('keeps every password and API key secret out of the audit table and the logs', async () => {
    await api().post(`/api/wan`).set(admin).send({ name: 'secretive', description: privateKeyLine }).expect(201);
    const dump = JSON.stringify(await t.database.manager.query(`SELECT * FROM audit_log`));
    const secret = apiKeyToken.slice(21);
    expect(secret).toHaveLength(43);
    for (const needle of [adminPassword, operatorPassword, secret, 'yAnz5TF+lXXJte14tji3zlMNq']) {
      expect(dump).not.toContain(needle);
      expect(output).not.toContain(needle);
    }
    expect(dump).not.toMatch(/\$argon2id\$/);
    // The capture really saw the structured request logs.
    expect(output).toMatch(/"req"|request completed/);
  });
});
