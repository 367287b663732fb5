import request from 'supertest';
import { startMultiUserApp, startTestApp, type MultiUserTestApp, type TestApp } from './harness/test-app';

const KEY = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';
const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

/** What reaches validation, and what never does: body types, depth, size and `null` (real PostgreSQL). */
describe('request bodies (real PostgreSQL)', () => {
  let t: TestApp;
  let wanId: string;
  let peerId: string;
  let routerId: string;
  const api = () => request(t.http);

  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT: '16kb', RATE_LIMIT_DEFAULT: '0', RATE_LIMIT_HEAVY: '0' });
    wanId = (await api().post('/api/wan').send({ name: 'bodies', description: 'kept' }).expect(201)).body.id;
    peerId = (await api().post(`/api/wan/${wanId}/peers`).send({ name: 'hub', type: 'server', publicKey: KEY, endpoint: 'vpn.example.com:51820', listenPort: 51820 }).expect(201)).body.id;
    routerId = (await api().post(`/api/wan/${wanId}/peers`).send({ name: 'router', type: 'mikrotik', mikrotik: { managementIp: '192.0.2.1', username: 'wom' } }).expect(201)).body.id;
  });
  afterAll(() => t?.close());

  it('refuses JSON nested past 32 levels with 400 naming the limit, at any depth up to thousands', async () => {
    for (const depth of [33, 1_000, 5_000]) {
      const body = `{"name":"deep","description":${nested(depth - 1)}}`;
      const res = await api().put(`/api/wan/${wanId}`).set('Content-Type', 'application/json').send(body).expect(400);
      expect(res.body).toEqual({ code: 'REQUEST.TOO_DEEP', message: expect.stringContaining('32 levels'), fields: [], maxDepth: 32 });
    }
    // Exactly at the limit it parses and reaches validation (brackets in strings: json-body.spec.ts).
    const atLimit = await api().put(`/api/wan/${wanId}`).set('Content-Type', 'application/json').send(`{"description":${nested(31)}}`).expect(400);
    expect(atLimit.body).toMatchObject({ code: 'VALIDATION.FAILED', fields: [expect.objectContaining({ field: 'description' })] });
  });

  it('refuses a body over the size limit with 413 naming the limit', async () => {
    const res = await api().put(`/api/wan/${wanId}`).send({ description: 'x'.repeat(20_000) }).expect(413);
    expect(res.body).toEqual({ code: 'REQUEST.TOO_LARGE', message: expect.stringContaining('16384 bytes'), fields: [] });
  });

  it.each([
    ['text/plain', 'name=x'],
    ['application/x-www-form-urlencoded', 'name=x&description=y'],
    ['multipart/form-data; boundary=b', '--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nx\r\n--b--\r\n'],
    ['application/xml', '<wan><name>x</name></wan>'],
    ['text/xml', '<wan/>'],
  ])('refuses a %s body with 415 on create, update and bodyless routes alike', async (type, body) => {
    for (const [method, path] of [['post', '/api/wan'], ['put', `/api/wan/${wanId}`], ['put', `/api/peers/${peerId}`], ['post', `/api/wan/${wanId}/regenerate-all`]] as const) {
      const res = await api()[method](path).set('Content-Type', type).send(body);
      expect({ path, status: res.status, body: res.body }).toEqual({ path, status: 415, body: { code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('application/json'), fields: [] } });
    }
  });

  it('refuses a body without a content type, and keeps accepting an empty body or {} on bodyless routes', async () => {
    const untyped = await api().put(`/api/wan/${wanId}`).set('Content-Type', '').send(Buffer.from('{"description":"x"}'));
    expect(untyped.status).toBe(415);
    expect(untyped.body.message).toContain('no Content-Type');
    await api().post(`/api/wan/${wanId}/regenerate-all`).expect(200);
    await api().post(`/api/wan/${wanId}/regenerate-all`).set('Content-Type', 'text/plain').send('').expect(200);
    await api().post(`/api/wan/${wanId}/regenerate-all`).send({}).expect(200);
    await api().put(`/api/wan/${wanId}`).set('Content-Type', 'application/json; charset=utf-8').send('{"description":"kept"}').expect(200);
    const latin1 = await api().put(`/api/wan/${wanId}`).set('Content-Type', 'application/json; charset=latin1').send('{"description":"x"}').expect(415);
    expect(latin1.body.code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
  });

  it.each([
    ['templateId', `/api/wan/:wan/peers`, 'post', { name: 'n1', type: 'client', templateId: null }],
    ['useSsl', `/api/peers/:router`, 'put', { mikrotik: { useSsl: null } }],
    ['verifyCert', `/api/peers/:router`, 'put', { mikrotik: { verifyCert: null } }],
    ['jobId', `/api/peers/:router/mikrotik/rollback`, 'post', { jobId: null }],
    ['tags', `/api/peers/:peer`, 'put', { tags: null }],
    ['name', `/api/wan/:wan`, 'put', { name: null }],
    ['subnets[0].natTranslatedCidr', `/api/peers/:peer`, 'put', { subnets: [{ cidr: '10.9.0.0/24', natTranslatedCidr: null }] }],
  ] as const)('refuses null for %s with a field error', async (field, route, method, body) => {
    const path = route.replace(':wan', wanId).replace(':peer', peerId).replace(':router', routerId);
    const before = (await api().get(`/api/wan/${wanId}/peers`).expect(200)).body;
    const res = await api()[method](path).send(body);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'VALIDATION.FAILED' });
    expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual([field.startsWith('useSsl') || field.startsWith('verifyCert') ? `mikrotik.${field}` : field]);
    expect((await api().get(`/api/wan/${wanId}/peers`).expect(200)).body).toEqual(before);
  });

  it('takes null as "clear" on the fields documented nullable', async () => {
    const cleared = await api().put(`/api/peers/${peerId}`).send({ endpoint: null, listenPort: null }).expect(200);
    expect(cleared.body).toMatchObject({ endpoint: null, listenPort: null });
    await api().put(`/api/peers/${peerId}`).send({ endpoint: 'vpn.example.com:51820', listenPort: 51820 }).expect(200);
  });

  it('refuses nested arrays where a list of subnets or CIDRs belongs', async () => {
    for (const [method, path, body] of [
      ['put', `/api/peers/${peerId}`, { subnets: [['10.0.0.0/24']] }],
      ['post', `/api/peers/${peerId}/check-conflicts`, { subnets: [['10.0.0.0/24']] }],
      ['post', '/api/enrollment-tokens', { wanId, subnets: [['10.0.0.0/24']] }],
      ['post', '/api/enrollment-tokens', { wanId, subnets: [[{ cidr: '10.0.0.0/24' }]] }],
      ['post', `/api/conflicts/00000000-0000-4000-8000-000000000000/resolve`, { resolution: 'isolate', allowedCidrs: [['10.0.0.0/24']] }],
      ['post', `/api/wan/${wanId}/peers`, { name: 'nested', type: 'client', tags: [['a']] }],
    ] as const) {
      const res = await api()[method](path).send(body);
      expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 400, code: 'VALIDATION.FAILED' });
    }
  });
});

describe('the login response (real PostgreSQL)', () => {
  let t: MultiUserTestApp;
  beforeAll(async () => {
    t = await startMultiUserApp({ RATE_LIMIT_AUTH: '0' });
  });
  afterAll(() => t?.close());

  it('is never cached: it carries a token', async () => {
    const res = await request(t.http).post('/api/auth/login').send({ username: 'admin', password: t.bootstrapPassword }).expect(200);
    expect(res.body.accessToken).toEqual(expect.any(String));
    expect(res.headers['cache-control']).toBe('no-store');
  });
});
