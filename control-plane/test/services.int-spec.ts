import request from 'supertest';
import { startTestApp, type TestApp } from './harness/test-app';

describe('Published services API (real PostgreSQL)', () => {
  let t: TestApp;
  let wanId: string;
  let peerId: string;
  let otherPeerId: string;
  beforeAll(async () => {
    t = await startTestApp();
    wanId = (await request(t.http).post('/api/wan').send({ name: 'svc', sharedServicesRange: '10.0.5.0/29' }).expect(201)).body.id;
    peerId = (await request(t.http).post(`/api/wan/${wanId}/peers`).send({ name: 'nas', type: 'server' }).expect(201)).body.id;
    otherPeerId = (await request(t.http).post(`/api/wan/${wanId}/peers`).send({ name: 'cam', type: 'server' }).expect(201)).body.id;
  });
  afterAll(() => t.close());

  const api = () => request(t.http);
  const publish = (body: object, owner = peerId) => api().post(`/api/peers/${owner}/services`).send(body);
  const web = { name: 'web', localIp: '192.168.1.50', localPort: 8080, sharedPort: 80, protocol: 'tcp' };

  it('allocates the first free shared IP, defaults sharedPort to localPort, and honours a requested IP', async () => {
    const a = await publish(web).expect(201);
    expect(a.body).toMatchObject({ wanId, peerId, name: 'web', sharedIp: '10.0.5.1', sharedPort: 80, localPort: 8080, protocol: 'tcp', isActive: true, description: '' });
    const b = await publish({ name: 'dns', localIp: '192.168.1.53', localPort: 53, protocol: 'udp' }).expect(201);
    expect(b.body).toMatchObject({ sharedIp: '10.0.5.2', sharedPort: 53 });
    const c = await publish({ name: 'web-udp', localIp: '192.168.1.50', localPort: 8080, sharedPort: 80, protocol: 'udp', sharedIp: '10.0.5.1' }).expect(201);
    expect(c.body.sharedIp).toBe('10.0.5.1');
  });

  it.each([
    ['the same triple', { protocol: 'tcp' }],
    ['both over tcp and udp', { protocol: 'both' }],
  ])('refuses %s on a taken ip:port with 409', async (_what, extra) => {
    const res = await publish({ ...web, name: 'dup', sharedIp: '10.0.5.1', ...extra }).expect(409);
    expect(res.body).toMatchObject({ code: 'PUBLISHED_SERVICE.ENDPOINT_TAKEN', fields: [{ field: 'sharedPort' }] });
  });

  it('refuses tcp where a both service listens', async () => {
    await publish({ name: 'ntp', localIp: '192.168.1.9', localPort: 123, protocol: 'both', sharedIp: '10.0.5.2' }).expect(201);
    const res = await publish({ name: 'ntp-tcp', localIp: '192.168.1.9', localPort: 123, protocol: 'tcp', sharedIp: '10.0.5.2' }).expect(409);
    expect(res.body.code).toBe('PUBLISHED_SERVICE.ENDPOINT_TAKEN');
  });

  it("refuses another peer's shared IP and addresses outside the range", async () => {
    expect((await publish({ ...web, name: 'x', sharedPort: 81, sharedIp: '10.0.5.1' }, otherPeerId).expect(409)).body.code).toBe('PUBLISHED_SERVICE.SHARED_IP_HELD');
    expect((await publish({ ...web, name: 'y', sharedIp: '10.0.6.1' }).expect(400)).body.code).toBe('IPAM.OUT_OF_RANGE');
    expect((await publish({ ...web, name: 'z', sharedIp: '10.0.5.7' }).expect(400)).body.code).toBe('IPAM.RESERVED_ADDRESS');
  });

  it.each([
    ['a bad localIp', { localIp: '192.168.1' }, 'localIp'],
    ['port 0', { localPort: 0 }, 'localPort'],
    ['port 70000', { sharedPort: 70000 }, 'sharedPort'],
    ['an unknown protocol', { protocol: 'sctp' }, 'protocol'],
    ['a hostile name', { name: '<script>' }, 'name'],
    ['an unknown field', { evil: 1 }, 'evil'],
  ])('validates %s', async (_what, patch, field) => {
    const res = await publish({ ...web, name: 'v', ...patch }).expect(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ field })]);
  });

  it('lists, gets and updates, re-checking uniqueness', async () => {
    const list = await api().get(`/api/wan/${wanId}/services?limit=2`).expect(200);
    expect(list.body).toMatchObject({ total: 4, limit: 2, offset: 0 });
    const web1 = list.body.items[0];
    expect((await api().get(`/api/services/${web1.id}`).expect(200)).body.name).toBe('web');
    const updated = await api().put(`/api/services/${web1.id}`).send({ sharedPort: 8443, description: 'TLS' }).expect(200);
    expect(updated.body).toMatchObject({ sharedPort: 8443, description: 'TLS', sharedIp: '10.0.5.1' });
    const clash = await api().put(`/api/services/${web1.id}`).send({ sharedIp: '10.0.5.2', sharedPort: 123, protocol: 'udp' }).expect(409);
    expect(clash.body.code).toBe('PUBLISHED_SERVICE.ENDPOINT_TAKEN');
    await api().get('/api/services/00000000-0000-4000-8000-000000000000').expect(404);
  });

  it('releases the shared IP on delete and records every change for all peers', async () => {
    const only = await publish({ name: 'solo', localIp: '192.168.1.7', localPort: 22, protocol: 'tcp' }, otherPeerId).expect(201);
    expect(only.body.sharedIp).toBe('10.0.5.3');
    await api().delete(`/api/services/${only.body.id}`).expect(204);
    await api().get(`/api/services/${only.body.id}`).expect(404);
    const again = await publish({ name: 'solo2', localIp: '192.168.1.7', localPort: 22, protocol: 'tcp' }, otherPeerId).expect(201);
    expect(again.body.sharedIp).toBe('10.0.5.3');
    const rows = await t.database.manager.query(`SELECT reason, peer_ids FROM state_change WHERE wan_id = $1 AND reason LIKE 'service.%' ORDER BY id`, [wanId]);
    expect(rows.map((r: { reason: string }) => r.reason)).toEqual([
      'service.created', 'service.created', 'service.created', 'service.created', 'service.updated', 'service.created', 'service.deleted', 'service.created',
    ]);
    for (const row of rows) expect([...row.peer_ids].sort()).toEqual([peerId, otherPeerId].sort());
  });

  it('answers 404 for unknown peers and WANs', async () => {
    expect((await publish(web, '00000000-0000-4000-8000-000000000000').expect(404)).body.code).toBe('PEER.NOT_FOUND');
    expect((await api().get('/api/wan/00000000-0000-4000-8000-000000000000/services').expect(404)).body.code).toBe('WAN.NOT_FOUND');
  });
});
