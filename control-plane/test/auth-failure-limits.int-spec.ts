import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { generateApiKey } from '../src/auth/credentials';
import { startMultiUserApp, type MultiUserTestApp } from './harness/test-app';

/**
 * Failed authentication is limited per client address and per account (real PostgreSQL).
 * The app trusts X-Forwarded-For from loopback, so each request can come "from" any address.
 */
describe('failed-authentication limits', () => {
  let t: MultiUserTestApp;
  let adminToken = '';
  let readerKey = { id: '', token: '' };
  const api = () => request(t.http);
  const from = (address: string) => ({ 'X-Forwarded-For': address });
  const withKey = (token: string, address: string) => api().get('/api/wan').set({ Authorization: `Bearer ${token}`, ...from(address) });

  beforeAll(async () => {
    // Only the failure limits: the general per-route limits are off so they cannot answer first.
    t = await startMultiUserApp({ TRUST_PROXY: 'loopback', AUTH_FAILURES_PER_ADDRESS: '20', AUTH_FAILURES_PER_ACCOUNT: '10', RATE_LIMIT_DEFAULT: '0', RATE_LIMIT_AUTH: '0' });
    const first = await api().post('/api/auth/login').send({ username: 'admin', password: t.bootstrapPassword }).expect(200);
    const password = `admin-${randomBytes(12).toString('hex')}`;
    await api().post('/api/auth/password').set({ Authorization: `Bearer ${first.body.accessToken}` }).send({ currentPassword: t.bootstrapPassword, newPassword: password }).expect(204);
    adminToken = (await api().post('/api/auth/login').send({ username: 'admin', password }).expect(200)).body.accessToken;
    readerKey = (await api().post('/api/api-keys').set({ Authorization: `Bearer ${adminToken}` }).send({ name: 'reader', role: 'read-only' }).expect(201)).body;
    await api().post('/api/users').set({ Authorization: `Bearer ${adminToken}` }).send({ username: 'victim', password: 'victim-password-1', role: 'operator', mustChangePassword: false }).expect(201);
  });
  afterAll(() => t?.close());

  it('answers a burst of 650 bogus API keys from one address with 429 and Retry-After past the limit; a correct key from another address still works', async () => {
    const statuses: number[] = [];
    let limited: request.Response | undefined;
    const concurrency = 25;
    for (let batch = 0; batch < 650 / concurrency; batch++) {
      const answers = await Promise.all(Array.from({ length: concurrency }, () => withKey(generateApiKey().token, '198.51.100.7')));
      for (const res of answers) {
        statuses.push(res.status);
        if (res.status === 429) limited ??= res;
      }
    }
    // Requests already past the check when the 20th failure lands still get their 401, so a
    // burst overshoots the limit by at most the requests it has in flight.
    const refused = statuses.filter((s) => s === 401).length;
    expect(refused).toBeGreaterThanOrEqual(20);
    expect(refused).toBeLessThanOrEqual(20 + concurrency);
    expect(statuses.filter((s) => s === 429)).toHaveLength(650 - refused);
    expect(limited!.body).toEqual({ code: 'AUTH.TOO_MANY_ATTEMPTS', message: expect.stringContaining('Try again in'), fields: [], retryAfterSeconds: expect.any(Number) });
    const retryAfter = Number(limited!.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // The address is refused before its credential is looked at, so a guess that happens to be right learns nothing.
    await withKey(readerKey.token, '198.51.100.7').expect(429);
    await withKey(readerKey.token, '198.51.100.8').expect(200);
  });

  it('does not count successful requests', async () => {
    for (let i = 0; i < 40; i++) await withKey(readerKey.token, '198.51.100.20').expect(200);
    await withKey(generateApiKey().token, '198.51.100.20').expect(401);
  });

  it('counts bad access tokens and bad refresh cookies per address too', async () => {
    for (let i = 0; i < 20; i++) await withKey(`not.a.jwt${i}`, '198.51.100.30').expect(401);
    await withKey('not.a.jwt', '198.51.100.30').expect(429);
    for (let i = 0; i < 20; i++) await api().post('/api/auth/refresh').set({ Cookie: `wom_refresh=bogus-${i}`, ...from('198.51.100.31') }).expect(401);
    const refused = await api().post('/api/auth/refresh').set({ Cookie: 'wom_refresh=bogus', ...from('198.51.100.31') }).expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('limits one API key’s public id sprayed from many addresses, yet the key itself keeps working', async () => {
    const keyId = readerKey.token.split('_')[1]!;
    const wrongSecret = (i: number) => `wom_${keyId}_${generateApiKey().secret.slice(0, -2)}${String(i).padStart(2, '0')}`;
    for (let i = 0; i < 10; i++) await withKey(wrongSecret(i), `203.0.113.${i + 1}`).expect(401);
    const limited = await withKey(wrongSecret(99), '203.0.113.200').expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    await withKey(readerKey.token, '203.0.113.201').expect(200);
  });

  it('limits one username sprayed from many addresses, refusing even the right password until the minute has passed', async () => {
    for (let i = 0; i < 10; i++) {
      await api().post('/api/auth/login').set(from(`192.0.2.${i + 1}`)).send({ username: 'victim', password: `guess-${i}` }).expect(401);
    }
    const locked = await api().post('/api/auth/login').set(from('192.0.2.200')).send({ username: 'victim', password: 'victim-password-1' }).expect(429);
    expect(locked.body.code).toBe('AUTH.TOO_MANY_ATTEMPTS');
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Other accounts are not affected.
    await api().post('/api/auth/login').set(from('192.0.2.200')).send({ username: 'admin', password: 'wrong' }).expect(401);
  });
});
