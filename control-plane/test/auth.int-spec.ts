import { randomBytes } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { SigningKeyRing } from '../src/auth/sessions/signing-key-ring';
import { decodeAccessToken } from './harness/sessions';
import { startMultiUserApp, type MultiUserTestApp } from './harness/test-app';

type Role = 'admin' | 'operator' | 'read-only';
type Caller = Role | 'anonymous';

describe('authentication and authorization (multi-user, real PostgreSQL)', () => {
  let t: MultiUserTestApp;
  let stdout = '';
  const tokens: Partial<Record<Role, string>> = {};
  let bootstrapPassword = '';
  const adminPassword = `admin-${randomBytes(12).toString('hex')}`;
  let seq = 0;
  const unique = (prefix: string) => `${prefix}-${++seq}`;

  const api = () => request(t.http);
  const auth = (caller: Caller) => (caller === 'anonymous' ? {} : { Authorization: `Bearer ${tokens[caller]}` });
  const login = (username: string, password: string) => api().post('/api/auth/login').send({ username, password });

  beforeAll(async () => {
    t = await startMultiUserApp({ LOGIN_MAX_FAILURES: '5', RATE_LIMIT_AUTH: '1000', AUTH_FAILURES_PER_ADDRESS: '1000', AUTH_FAILURES_PER_ACCOUNT: '1000' });
    stdout = t.startupOutput;
    bootstrapPassword = t.bootstrapPassword;
  });
  afterAll(() => t.close());

  describe('bootstrap', () => {
    it('prints the first admin password once, and it works but must be changed first', async () => {
      expect(bootstrapPassword).toMatch(/^[A-HJ-NP-Za-km-z2-9]{24}$/);
      expect(stdout.split(bootstrapPassword)).toHaveLength(2);
      const first = await login('admin', bootstrapPassword).expect(200);
      expect(first.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, user: { username: 'admin', role: 'admin', mustChangePassword: true } });
      const headers = { Authorization: `Bearer ${first.body.accessToken}` };
      const blocked = await api().get('/api/wan').set(headers).expect(403);
      expect(blocked.body).toEqual({ code: 'AUTH.PASSWORD_CHANGE_REQUIRED', message: expect.any(String), fields: [] });
      await api().get('/api/auth/me').set(headers).expect(200, { kind: 'user', id: first.body.user.id, name: 'admin', role: 'admin', mustChangePassword: true });
      await api().post('/api/auth/password').set(headers).send({ currentPassword: 'wrong-password', newPassword: adminPassword }).expect(401);
      await api().post('/api/auth/password').set(headers).send({ currentPassword: bootstrapPassword, newPassword: adminPassword }).expect(204);
      // The change ends every session of the user, the one that made it too.
      await api().get('/api/wan').set(headers).expect(401);
      await login('admin', bootstrapPassword).expect(401);
      tokens.admin = (await login('admin', adminPassword).expect(200)).body.accessToken;
    });

    it('does not bootstrap again once a user exists', async () => {
      expect(stdout.match(/one-time password/g)).toHaveLength(1);
      const users = await t.database.manager.query(`SELECT username FROM app_user`);
      expect(users).toEqual([{ username: 'admin' }]);
    });
  });

  describe('users and login', () => {
    it('creates users of every role who can log in', async () => {
      for (const role of ['operator', 'read-only'] as const) {
        const created = await api().post('/api/users').set(auth('admin')).send({ username: `U-${role}`, password: `${role}-password-123`, role, mustChangePassword: false }).expect(201);
        expect(created.body).toMatchObject({ username: `u-${role}`, role, disabled: false, mustChangePassword: false });
        expect(JSON.stringify(created.body)).not.toMatch(/hash|password-123/i);
        tokens[role] = (await login(`u-${role}`, `${role}-password-123`).expect(200)).body.accessToken;
      }
      const dup = await api().post('/api/users').set(auth('admin')).send({ username: 'u-operator', password: 'another-password-1', role: 'admin' }).expect(409);
      expect(dup.body).toMatchObject({ code: 'USER.NAME_TAKEN', fields: [{ field: 'username' }] });
    });

    it('answers a wrong password and an unknown user alike, in comparable time', async () => {
      const timed = async (username: string) => {
        const started = process.hrtime.bigint();
        const res = await login(username, 'not-the-password').expect(401);
        return { ms: Number(process.hrtime.bigint() - started) / 1e6, body: res.body };
      };
      const wrong: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 3; i++) {
        const w = await timed('u-operator');
        const u = await timed(`nobody-${i}`);
        expect(w.body).toEqual({ code: 'AUTH.INVALID_CREDENTIALS', message: 'The username or password is wrong.', fields: [] });
        expect(u.body).toEqual(w.body);
        wrong.push(w.ms);
        unknown.push(u.ms);
      }
      // Both run argon2 (the fastest of three, to ignore load spikes): no shortcut for unknown users.
      expect(Math.min(...unknown)).toBeGreaterThan(Math.min(...wrong) / 3);
    });

    it('locks a username+address out after 5 failures with 429 and Retry-After, even for the right password', async () => {
      await api().post('/api/users').set(auth('admin')).send({ username: 'locky', password: 'locky-password-123', role: 'operator', mustChangePassword: false }).expect(201);
      for (let i = 0; i < 5; i++) await login('locky', `wrong-${i}`).expect(401);
      const locked = await login('locky', 'locky-password-123').expect(429);
      expect(locked.body).toMatchObject({ code: 'AUTH.TOO_MANY_ATTEMPTS', fields: [] });
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(800);
      // Other users are not affected.
      await login('u-operator', 'operator-password-123').expect(200);
    });

    it('disabling a user revokes their tokens at once, and the last admin cannot be removed', async () => {
      const created = await api().post('/api/users').set(auth('admin')).send({ username: 'temp', password: 'temp-password-123', role: 'read-only', mustChangePassword: false }).expect(201);
      const token = (await login('temp', 'temp-password-123').expect(200)).body.accessToken;
      await api().get('/api/wan').set({ Authorization: `Bearer ${token}` }).expect(200);
      await api().patch(`/api/users/${created.body.id}`).set(auth('admin')).send({ disabled: true }).expect(200);
      await api().get('/api/wan').set({ Authorization: `Bearer ${token}` }).expect(401);
      await login('temp', 'temp-password-123').expect(401);
      const me = (await api().get('/api/auth/me').set(auth('admin')).expect(200)).body;
      const last = await api().patch(`/api/users/${me.id}`).set(auth('admin')).send({ role: 'operator' }).expect(409);
      expect(last.body.code).toBe('USER.LAST_ADMIN');
      await api().delete(`/api/users/${me.id}`).set(auth('admin')).expect(409);
    });
  });

  describe('tokens', () => {
    it.each([
      ['no header', undefined],
      ['garbage', 'Bearer not.a.jwt'],
      ['a non-Bearer scheme', 'Basic YWRtaW46YWRtaW4='],
      ['an alg=none token', `Bearer ${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from('{"sub":"x","typ":"access"}').toString('base64url')}.`],
      ['a malformed API key', 'Bearer wom_short_key'],
    ])('answers 401 in the standard shape for %s', async (_what, header) => {
      const req = api().get('/api/wan');
      if (header !== undefined) req.set('Authorization', header);
      const res = await req.expect(401);
      expect(res.body).toEqual({ code: 'AUTH.UNAUTHENTICATED', message: expect.any(String), fields: [] });
      expect(res.headers['www-authenticate']).toBe('Bearer');
    });

    it('refuses expired tokens and tokens signed with another secret', async () => {
      const valid = decodeAccessToken(tokens.admin!);
      const key = await t.app.get(SigningKeyRing).signingKey();
      const claims = { sub: valid.sub, sid: valid.sid, typ: 'access' };
      const expired = await new JwtService().signAsync(claims, { privateKey: key.secret, keyid: key.kid, expiresIn: -10 });
      await api().get('/api/wan').set('Authorization', `Bearer ${expired}`).expect(401);
      const forged = await new JwtService().signAsync(claims, { secret: 'x'.repeat(40), keyid: key.kid, expiresIn: 60 });
      await api().get('/api/wan').set('Authorization', `Bearer ${forged}`).expect(401);
    });
  });

  describe('API keys', () => {
    it('shows the token once, authenticates with the key role, records last use, and stops on revoke or expiry', async () => {
      const created = await api().post('/api/api-keys').set(auth('admin')).send({ name: 'ci reader', role: 'read-only' }).expect(201);
      const { token, id } = created.body;
      expect(token).toMatch(/^wom_[0-9A-Za-z]{16}_[0-9A-Za-z]{43}$/);
      expect(created.body).toMatchObject({ name: 'ci reader', role: 'read-only', display: `${token.slice(0, 20)}_…`, revokedAt: null, lastUsedAt: null });
      const list = await api().get('/api/api-keys').set(auth('admin')).expect(200);
      expect(JSON.stringify(list.body)).not.toContain(token.slice(21));
      const stored = await t.database.manager.query(`SELECT key_hash FROM api_key WHERE id = $1`, [id]);
      expect(stored[0].key_hash).toMatch(/^[0-9a-f]{64}$/);

      const key = { Authorization: `Bearer ${token}` };
      await api().get('/api/wan').set(key).expect(200);
      await api().get('/api/auth/me').set(key).expect(200, { kind: 'api-key', id, name: 'ci reader', role: 'read-only', mustChangePassword: false });
      const refused = await api().post('/api/wan').set(key).send({ name: unique('by-key') }).expect(403);
      expect(refused.body).toEqual({ code: 'AUTH.FORBIDDEN', message: expect.stringContaining('operator'), fields: [] });
      const used = (await api().get('/api/api-keys').set(auth('admin')).expect(200)).body.find((k: { id: string }) => k.id === id);
      expect(used.lastUsedAt).toEqual(expect.any(String));
      await api().get('/api/wan').set({ Authorization: `Bearer ${token.slice(0, -1)}${token.endsWith('a') ? 'b' : 'a'}` }).expect(401);

      await api().delete(`/api/api-keys/${id}`).set(auth('admin')).expect(204);
      await api().get('/api/wan').set(key).expect(401);

      const operatorKey = (await api().post('/api/api-keys').set(auth('admin')).send({ name: 'deployer', role: 'operator', expiresAt: new Date(Date.now() + 3_600_000).toISOString() }).expect(201)).body;
      await api().post('/api/wan').set({ Authorization: `Bearer ${operatorKey.token}` }).send({ name: unique('by-key') }).expect(201);
      await t.database.manager.query(`UPDATE api_key SET expires_at = now() - interval '1 second' WHERE id = $1`, [operatorKey.id]);
      await api().get('/api/wan').set({ Authorization: `Bearer ${operatorKey.token}` }).expect(401);
      await api().post('/api/api-keys').set(auth('admin')).send({ name: 'past', role: 'admin', expiresAt: '2001-01-01T00:00:00Z' }).expect(400);
    });
  });
});
