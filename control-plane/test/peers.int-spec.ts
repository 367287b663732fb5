import request from 'supertest';
import { startTestApp, type TestApp } from './harness/test-app';

const KEY = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';

describe('Peers API (real PostgreSQL)', () => {
  let t: TestApp;
  let wanId: string;
  beforeAll(async () => {
    t = await startTestApp();
    wanId = (await request(t.http).post('/api/wan').send({ name: 'peers', tunnelIpRange: '10.9.0.0/29' }).expect(201)).body.id;
  });
  afterAll(() => t.close());

  const api = () => request(t.http);
  const create = (body: object) => api().post(`/api/wan/${wanId}/peers`).send(body);
  const count = async (table: string) => Number((await t.database.manager.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  it('allocates the first free tunnel IP and honours a reservation', async () => {
    const a = await create({ name: 'a', type: 'server', publicKey: KEY, endpoint: 'vpn.example.com:51820', listenPort: 51820, persistentKeepalive: 25, tags: ['dc'] }).expect(201);
    expect(a.body).toMatchObject({ name: 'a', tunnelIp: '10.9.0.1', publicKey: KEY, hasPrivateKey: false, tags: ['dc'], subnets: [] });
    expect(a.body).not.toHaveProperty('privateKey');
    const reserved = await create({ name: 'r', type: 'client', tunnelIp: '10.9.0.5' }).expect(201);
    expect(reserved.body.tunnelIp).toBe('10.9.0.5');
    const b = await create({ name: 'b', type: 'client' }).expect(201);
    expect(b.body.tunnelIp).toBe('10.9.0.2');
  });

  it.each([
    ['a taken address', '10.9.0.5', 409, 'IPAM.ALREADY_TAKEN'],
    ['an address outside the range', '10.9.1.1', 400, 'IPAM.OUT_OF_RANGE'],
    ['the broadcast address', '10.9.0.7', 400, 'IPAM.RESERVED_ADDRESS'],
    ['not an address', '10.9.0', 400, 'VALIDATION.FAILED'],
  ])('refuses reserving %s', async (_what, tunnelIp, status, code) => {
    const res = await create({ name: `x${status}${code.length}`, type: 'client', tunnelIp }).expect(status);
    expect(res.body).toMatchObject({ code, fields: [{ field: 'tunnelIp' }] });
  });

  it('reports range exhaustion as 409', async () => {
    for (const name of ['c', 'd', 'e']) await create({ name, type: 'client' }).expect(201);
    const res = await create({ name: 'f', type: 'client' }).expect(409);
    expect(res.body.code).toBe('IPAM.RANGE_EXHAUSTED');
  });

  it('lists peers a page at a time with the total', async () => {
    const page = await api().get(`/api/wan/${wanId}/peers?limit=2&offset=1`).expect(200);
    expect(page.body).toMatchObject({ total: 6, limit: 2, offset: 1 });
    expect(page.body.items.map((p: { name: string }) => p.name)).toEqual(['r', 'b']);
    const bad = await api().get(`/api/wan/${wanId}/peers?limit=0`).expect(400);
    expect(bad.body.fields).toEqual([{ field: 'limit', reason: expect.stringContaining('1 to 500') }]);
  });

  it('updates fields, clears nullable ones with null, and moves the tunnel IP', async () => {
    const peer = (await api().get(`/api/wan/${wanId}/peers?limit=1`).expect(200)).body.items[0];
    const res = await api().put(`/api/peers/${peer.id}`).send({ endpoint: null, listenPort: 51821, name: 'a2' }).expect(200);
    expect(res.body).toMatchObject({ name: 'a2', endpoint: null, listenPort: 51821, publicKey: KEY, tunnelIp: '10.9.0.1' });
    const taken = await api().put(`/api/peers/${peer.id}`).send({ tunnelIp: '10.9.0.2' }).expect(409);
    expect(taken.body.code).toBe('IPAM.ALREADY_TAKEN');
    const dup = await api().put(`/api/peers/${peer.id}`).send({ name: 'b' }).expect(409);
    expect(dup.body.code).toBe('PEER.NAME_TAKEN');
  });

  it('releases the addresses of a deleted peer', async () => {
    const page = (await api().get(`/api/wan/${wanId}/peers?limit=500`).expect(200)).body;
    const b = page.items.find((p: { name: string }) => p.name === 'b');
    await api().delete(`/api/peers/${b.id}`).expect(204);
    await api().get(`/api/peers/${b.id}`).expect(404);
    const reuse = await create({ name: 'g', type: 'client' }).expect(201);
    expect(reuse.body.tunnelIp).toBe('10.9.0.2');
  });

  it('stores subnets, and rolls back everything when one overlaps the WAN ranges', async () => {
    const wan = (await api().post('/api/wan').send({ name: 'subnets' }).expect(201)).body;
    const ok = await api().post(`/api/wan/${wan.id}/peers`).send({ name: 'lan', type: 'generic-router', subnets: [{ cidr: '192.168.1.0/24' }] }).expect(201);
    expect(ok.body.subnets).toEqual([{ id: expect.any(String), cidr: '192.168.1.0/24', isRouted: true, natEnabled: false, natTranslatedCidr: null, description: '' }]);
    const [peers, subnets, changes] = [await count('peer'), await count('local_subnet'), await count('state_change')];
    const res = await api().post(`/api/wan/${wan.id}/peers`).send({ name: 'bad', type: 'server', subnets: [{ cidr: '10.0.0.0/16' }] }).expect(409);
    expect(res.body.code).toBe('PEER.SUBNET_CONFLICT');
    expect(res.body.message).toContain('peer "bad"');
    expect(res.body.conflicts[0]).toMatchObject({ severity: 'critical', resolutions: expect.any(Array) });
    expect([await count('peer'), await count('local_subnet'), await count('state_change')]).toEqual([peers, subnets, changes]);
  });

  it('records each mutation in the state-change outbox', async () => {
    const wan = (await api().post('/api/wan').send({ name: 'outbox' }).expect(201)).body;
    const p = (await api().post(`/api/wan/${wan.id}/peers`).send({ name: 'p', type: 'hub' }).expect(201)).body;
    await api().put(`/api/peers/${p.id}`).send({ persistentKeepalive: 30 }).expect(200);
    await api().delete(`/api/peers/${p.id}`).expect(204);
    const rows = await t.database.manager.query(`SELECT reason, peer_ids FROM state_change WHERE wan_id = $1 ORDER BY id`, [wan.id]);
    expect(rows).toEqual([
      { reason: 'wan.created', peer_ids: [] },
      { reason: 'peer.created', peer_ids: [p.id] },
      { reason: 'peer.updated', peer_ids: [p.id] },
      { reason: 'peer.deleted', peer_ids: [p.id] },
    ]);
  });

  it('answers 404 for peers of an unknown WAN', async () => {
    const res = await api().post('/api/wan/00000000-0000-4000-8000-000000000000/peers').send({ name: 'z', type: 'client' }).expect(404);
    expect(res.body.code).toBe('WAN.NOT_FOUND');
  });

  describe('router access settings of MikroTik peers', () => {
    // Its own WAN: the suite's /29 is full by now.
    let wanId: string;
    beforeAll(async () => {
      wanId = (await request(t.http).post('/api/wan').send({ name: 'routers' }).expect(201)).body.id;
    });
    const CA = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2VydGlmaWNhdGVGb3JUZXN0aW5nMAoGCCqGSM49BAMC\n-----END CERTIFICATE-----\n';

    it('stores them, seals the password, and shows only that one is set', async () => {
      const password = 'router-Secret:42 "x"';
      const created = await api()
        .post(`/api/wan/${wanId}/peers`)
        .send({ name: 'mt-settings', type: 'mikrotik', mikrotik: { managementIp: '192.0.2.10', apiPort: 8443, username: 'wom-api', password, caCertificate: CA, verifyCert: true, autoDeploy: true, interfaceName: 'wg-wom' } })
        .expect(201);
      expect(created.body.mikrotik).toEqual({
        managementIp: '192.0.2.10', apiPort: 8443, username: 'wom-api', hasPassword: true, useSsl: true, verifyCert: true, hasCaCertificate: true,
        autoDeploy: true, interfaceName: 'wg-wom', apiStatus: 'unknown', lastApiCheck: null, executorAgentId: null, routerIdentity: null, routerosVersion: null, health: null,
      });
      expect(JSON.stringify(created.body)).not.toContain('router-Secret');
      const [row] = await t.database.manager.query('SELECT mikrotik_password FROM peer WHERE id = $1', [created.body.id]);
      expect(row.mikrotik_password).toMatch(/^v1:/);
      expect(row.mikrotik_password).not.toContain('router-Secret');

      const cleared = await api().put(`/api/peers/${created.body.id}`).send({ mikrotik: { password: null, managementIp: 'Router1.Example.NET', autoDeploy: false } }).expect(200);
      expect(cleared.body.mikrotik).toMatchObject({ hasPassword: false, managementIp: 'router1.example.net', autoDeploy: false, username: 'wom-api', apiPort: 8443 });
    });

    it('is null for other peer types, and refused on them', async () => {
      const laptop = await api().post(`/api/wan/${wanId}/peers`).send({ name: 'not-a-router', type: 'client' }).expect(201);
      expect(laptop.body.mikrotik).toBeNull();
      const res = await api().put(`/api/peers/${laptop.body.id}`).send({ mikrotik: { managementIp: '192.0.2.1' } }).expect(400);
      expect(res.body.fields).toEqual([{ field: 'mikrotik', reason: expect.stringContaining('only to peers of type mikrotik') }]);
    });

    it.each([
      ['managementIp', '192.0.2.1; /system reset'],
      ['username', 'admin"; /user add'],
      ['password', 'line\nbreak'],
      ['interfaceName', '-rf'],
      ['caCertificate', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n'],
      ['apiPort', 70000],
      ['useSsl', 'yes'],
    ])('refuses a hostile %s with 400 naming mikrotik.%s, storing nothing', async (field, value) => {
      const before = (await api().get(`/api/wan/${wanId}/peers?limit=500`).expect(200)).body.total;
      const res = await api().post(`/api/wan/${wanId}/peers`).send({ name: `hostile-${field}`, type: 'mikrotik', mikrotik: { [field]: value } }).expect(400);
      expect(res.body.fields).toEqual([{ field: `mikrotik.${field}`, reason: expect.any(String) }]);
      expect((await api().get(`/api/wan/${wanId}/peers?limit=500`).expect(200)).body.total).toBe(before);
    });
  });
});
