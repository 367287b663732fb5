import request from 'supertest';
import { startTestApp, type TestApp } from './harness/test-app';

describe('WAN API (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const api = () => request(t.http);
  const outbox = (wanId: string) => t.database.manager.query(`SELECT reason, peer_ids FROM state_change WHERE wan_id = $1 ORDER BY id`, [wanId]);

  it('creates a WAN with the spec defaults and lists and reads it', async () => {
    const created = await api().post('/api/wan').send({ name: 'Acme', topologyType: 'mesh' }).expect(201);
    expect(created.body).toMatchObject({ name: 'Acme', description: '', tunnelIpRange: '10.0.0.0/24', sharedServicesRange: '10.0.5.0/24', topologyType: 'mesh' });
    expect(created.body.createdAt).toEqual(expect.any(String));
    await api().get(`/api/wan/${created.body.id}`).expect(200, created.body);
    const list = await api().get('/api/wan').expect(200);
    expect(list.body.map((w: { id: string }) => w.id)).toContain(created.body.id);
    expect(await outbox(created.body.id)).toEqual([{ reason: 'wan.created', peer_ids: [] }]);
  });

  it('reports every bad field at once in the one error shape', async () => {
    const res = await api().post('/api/wan').send({ name: 'bad;name', tunnelIpRange: '10.0.0.5/24', topologyType: 'star', extra: 1 }).expect(400);
    expect(res.body.code).toBe('VALIDATION.FAILED');
    expect(res.body.fields.map((f: { field: string }) => f.field).sort()).toEqual(['extra', 'name', 'topologyType', 'tunnelIpRange']);
    expect(res.body.fields.find((f: { field: string }) => f.field === 'tunnelIpRange').reason).toContain('did you mean 10.0.0.0/24');
  });

  it.each([
    ['malformed JSON', '{"name":', 'REQUEST.MALFORMED_JSON'],
    ['a number for a name', '{"name":42}', 'VALIDATION.FAILED'],
    ['an array body', '[1,2]', 'VALIDATION.FAILED'],
  ])('answers %s with 400', async (_what, body, code) => {
    const res = await api().post('/api/wan').set('content-type', 'application/json').send(body).expect(400);
    expect(res.body.code).toBe(code);
  });

  it('refuses overlapping ranges and duplicate names', async () => {
    const overlap = await api().post('/api/wan').send({ name: 'o', tunnelIpRange: '10.1.0.0/16', sharedServicesRange: '10.1.5.0/24' }).expect(400);
    expect(overlap.body.code).toBe('WAN.RANGES_OVERLAP');
    await api().post('/api/wan').send({ name: 'twin' }).expect(201);
    const twin = await api().post('/api/wan').send({ name: 'TWIN' }).expect(409);
    expect(twin.body).toMatchObject({ code: 'WAN.NAME_TAKEN', fields: [{ field: 'name' }] });
  });

  it('validates UUIDs in paths and answers 404 for unknown WANs', async () => {
    const bad = await api().get('/api/wan/not-a-uuid').expect(400);
    expect(bad.body).toMatchObject({ code: 'VALIDATION.FAILED', fields: [{ field: 'id' }] });
    const missing = await api().get('/api/wan/00000000-0000-4000-8000-000000000000').expect(404);
    expect(missing.body.code).toBe('WAN.NOT_FOUND');
  });

  it('refuses a range change that strands peers, and allows one that keeps them', async () => {
    const wan = (await api().post('/api/wan').send({ name: 'resize' }).expect(201)).body;
    await api().post(`/api/wan/${wan.id}/peers`).send({ name: 'far', type: 'server', tunnelIp: '10.0.0.200' }).expect(201);
    const refused = await api().put(`/api/wan/${wan.id}`).send({ tunnelIpRange: '10.0.0.0/25' }).expect(409);
    expect(refused.body).toMatchObject({ code: 'WAN.RANGE_IN_USE', stranded: ['10.0.0.200'], fields: [{ field: 'tunnelIpRange' }] });
    expect(refused.body.message).toContain('peer "far" at 10.0.0.200');
    const widened = await api().put(`/api/wan/${wan.id}`).send({ tunnelIpRange: '10.0.0.0/23', description: 'bigger' }).expect(200);
    expect(widened.body).toMatchObject({ tunnelIpRange: '10.0.0.0/23', description: 'bigger', name: 'resize' });
    expect((await outbox(wan.id)).map((r: { reason: string }) => r.reason)).toEqual(['wan.created', 'peer.created', 'wan.updated']);
  });

  it('deletes a WAN with its peers and records the deletion', async () => {
    const wan = (await api().post('/api/wan').send({ name: 'gone' }).expect(201)).body;
    const peer = (await api().post(`/api/wan/${wan.id}/peers`).send({ name: 'p', type: 'client' }).expect(201)).body;
    await api().delete(`/api/wan/${wan.id}`).expect(204);
    await api().get(`/api/wan/${wan.id}`).expect(404);
    await api().get(`/api/peers/${peer.id}`).expect(404);
    expect((await outbox(wan.id)).at(-1)).toEqual({ reason: 'wan.deleted', peer_ids: [peer.id] });
  });

  it('serves health and readiness outside /api, and 404s unknown routes in the error shape', async () => {
    await api().get('/healthz').expect(200, { status: 'ok' });
    await api().get('/readyz').expect(200, { status: 'ok', checks: { database: 'up' } });
    const res = await api().get('/api/nope').expect(404);
    expect(res.body.code).toBe('ROUTE.NOT_FOUND');
  });
});
