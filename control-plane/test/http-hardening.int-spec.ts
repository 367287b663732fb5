import request from 'supertest';
import { startTestApp, type TestApp } from './harness/test-app';

/** The HTTP edge: security headers, CORS, body limits and client addresses behind a proxy. */
describe('HTTP hardening (real PostgreSQL)', () => {
  describe('with a reverse proxy trusted and one console origin allowed', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ TRUST_PROXY: 'loopback', CORS_ORIGINS: 'https://noc.example.com', BODY_LIMIT: '2kb' });
    });
    afterAll(() => t?.close());

    it('sends security headers on API answers and errors alike, and no X-Powered-By', async () => {
      // The trusted proxy says the client spoke HTTPS: HSTS goes out only then.
      const viaHttps = (path: string) => request(t.http).get(path).set('X-Forwarded-Proto', 'https');
      for (const res of [await viaHttps('/api/wan').expect(200), await viaHttps('/api/wan/not-a-uuid').expect(400)]) {
        expect(res.headers).toMatchObject({
          'content-security-policy': expect.stringContaining("default-src 'self'"),
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'SAMEORIGIN',
          'strict-transport-security': 'max-age=31536000',
          'referrer-policy': 'no-referrer',
          'cross-origin-opener-policy': 'same-origin',
        });
        expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self'");
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('answers a CORS preflight for the allowed origin only', async () => {
      const allowed = await request(t.http).options('/api/wan').set('Origin', 'https://noc.example.com').set('Access-Control-Request-Method', 'POST');
      expect(allowed.status).toBe(204);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://noc.example.com');
      const foreign = await request(t.http).options('/api/wan').set('Origin', 'https://evil.example.net').set('Access-Control-Request-Method', 'POST');
      expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
      const simple = await request(t.http).get('/api/wan').set('Origin', 'https://evil.example.net').expect(200);
      expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('refuses a body over the limit with 413 in the standard shape, and stores nothing', async () => {
      const before = (await request(t.http).get('/api/wan').expect(200)).body.length;
      const res = await request(t.http).post('/api/wan').send({ name: 'big', description: 'x'.repeat(4096) }).expect(413);
      expect(res.body).toEqual({ code: 'REQUEST.TOO_LARGE', message: expect.any(String), fields: [] });
      expect((await request(t.http).get('/api/wan').expect(200)).body).toHaveLength(before);
    });

    it('records the client address from X-Forwarded-For when the proxy is trusted', async () => {
      await request(t.http).post('/api/wan').set('X-Forwarded-For', '198.51.100.7').send({ name: 'via-proxy' }).expect(201);
      const [entry] = (await request(t.http).get('/api/audit?action=wan.create&limit=1').expect(200)).body.items;
      expect(entry).toMatchObject({ action: 'wan.create', ip: '198.51.100.7' });
    });
  });

  describe('with no proxy trusted and no CORS origins', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t?.close());

    it('ignores X-Forwarded-For, so a client cannot pick its own address', async () => {
      await request(t.http).post('/api/wan').set('X-Forwarded-For', '198.51.100.7').send({ name: 'spoofed' }).expect(201);
      const [entry] = (await request(t.http).get('/api/audit?action=wan.create&limit=1').expect(200)).body.items;
      expect(entry.ip).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
    });

    it('allows no cross-origin caller at all', async () => {
      const res = await request(t.http).options('/api/wan').set('Origin', 'https://noc.example.com').set('Access-Control-Request-Method', 'GET');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
