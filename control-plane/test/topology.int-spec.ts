import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import { startTestApp, type TestApp } from './harness/test-app';

const publicKey = () => generateKeyPairSync('x25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');

interface Edge { source: string; target: string; kind: string; connectionId: string | null }

describe('Topology, status and connections API (real PostgreSQL)', () => {
  let t: TestApp;
  let wanId: string;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await startTestApp();
    wanId = (await request(t.http).post('/api/wan').send({ name: 'topo', topologyType: 'hub-spoke' }).expect(201)).body.id;
    const peers = [
      { name: 'hub', type: 'hub', endpoint: 'hub.example.com:51820' },
      { name: 's1', type: 'client' },
      { name: 's2', type: 'client', endpoint: '198.51.100.2:51820' },
      { name: 's3', type: 'server' },
    ];
    for (const peer of peers) ids[peer.name] = (await request(t.http).post(`/api/wan/${wanId}/peers`).send({ ...peer, publicKey: publicKey() }).expect(201)).body.id;
  });
  afterAll(() => t.close());

  const api = () => request(t.http);
  const pair = (a: string, b: string) => [ids[a]!, ids[b]!].sort().join('|');
  const pairs = (edges: Edge[]) => edges.map((e) => [e.source, e.target].join('|')).sort();

  it('shows the peers as nodes and hub↔spoke links as edges', async () => {
    const res = await api().get(`/api/wan/${wanId}/topology`).expect(200);
    expect(res.body.nodes).toHaveLength(4);
    expect(res.body.nodes.find((n: { name: string }) => n.name === 'hub')).toEqual({
      id: ids['hub'], name: 'hub', type: 'hub', tunnelIp: '10.0.0.1', online: false, lastSeen: null, endpoint: 'hub.example.com:51820', deploymentMode: 'config-file', mikrotikApiStatus: null,
    });
    expect(pairs(res.body.edges)).toEqual([pair('hub', 's1'), pair('hub', 's2'), pair('hub', 's3')].sort());
    expect(res.body.edges.every((e: Edge) => e.kind === 'hub')).toBe(true);
    expect(res.body.issues).toEqual([]);
  });

  it('adds an edge for a hybrid connection and removes it again', async () => {
    await api().put(`/api/wan/${wanId}`).send({ topologyType: 'hybrid' }).expect(200);
    const created = await api().post(`/api/wan/${wanId}/connections`).send({ peerAId: ids['s2'], peerBId: ids['s1'] }).expect(201);
    expect(created.body).toMatchObject({ isActive: true });
    expect([created.body.peerAId, created.body.peerBId].sort().join('|')).toBe(pair('s1', 's2'));
    const dup = await api().post(`/api/wan/${wanId}/connections`).send({ peerAId: ids['s1'], peerBId: ids['s2'] }).expect(409);
    expect(dup.body.code).toBe('CONNECTION.EXISTS');
    const topo = (await api().get(`/api/wan/${wanId}/topology`).expect(200)).body;
    expect(topo.edges).toHaveLength(4);
    expect(topo.edges).toContainEqual(expect.objectContaining({ kind: 'connection', connectionId: created.body.id }));
    expect((await api().get(`/api/wan/${wanId}/connections`).expect(200)).body).toHaveLength(1);
    const outbox = await t.database.manager.query(`SELECT peer_ids FROM state_change WHERE wan_id = $1 AND reason = 'connection.created'`, [wanId]);
    expect([...outbox[0].peer_ids].sort()).toEqual([ids['s1'], ids['s2']].sort());
    await api().delete(`/api/connections/${created.body.id}`).expect(204);
    await api().delete(`/api/connections/${created.body.id}`).expect(404);
    expect((await api().get(`/api/wan/${wanId}/topology`).expect(200)).body.edges).toHaveLength(3);
  });

  it('validates connections', async () => {
    expect((await api().post(`/api/wan/${wanId}/connections`).send({ peerAId: ids['s1'], peerBId: ids['s1'] }).expect(400)).body.code).toBe('VALIDATION.FAILED');
    expect((await api().post(`/api/wan/${wanId}/connections`).send({ peerAId: ids['s1'], peerBId: 'x' }).expect(400)).body.fields[0].field).toBe('peerBId');
    const stranger = '00000000-0000-4000-8000-000000000000';
    expect((await api().post(`/api/wan/${wanId}/connections`).send({ peerAId: ids['s1'], peerBId: stranger }).expect(404)).body.code).toBe('PEER.NOT_FOUND');
  });

  it('reports WAN status counts', async () => {
    await t.database.manager.query(`UPDATE peer SET is_online = true, last_seen = now() WHERE id = $1`, [ids['hub']]);
    await api().post(`/api/peers/${ids['s3']}/services`).send({ name: 'web', localIp: '192.168.1.2', localPort: 80, protocol: 'tcp' }).expect(201);
    const res = await api().get(`/api/wan/${wanId}/status`).expect(200);
    expect(res.body).toEqual({
      wanId,
      peers: { total: 4, online: 1, offline: 3, byType: { hub: 1, client: 2, server: 1 } },
      services: { total: 1, active: 1 },
      conflicts: { critical: 0, routing: 0, resolved: 0 },
      lastChange: expect.any(String),
    });
    await api().get('/api/wan/00000000-0000-4000-8000-000000000000/status').expect(404);
  });

  it('reports a peer status with per-connection counters from its side', async () => {
    const c = (await api().post(`/api/wan/${wanId}/connections`).send({ peerAId: ids['s1'], peerBId: ids['s3'] }).expect(201)).body;
    await t.database.manager.query(`UPDATE peer_connection SET rx_bytes = 100, tx_bytes = 7, last_handshake = now() WHERE id = $1`, [c.id]);
    const a = (await api().get(`/api/peers/${c.peerAId}/status`).expect(200)).body;
    const b = (await api().get(`/api/peers/${c.peerBId}/status`).expect(200)).body;
    expect(a.connections).toEqual([expect.objectContaining({ connectionId: c.id, remotePeerId: c.peerBId, rxBytes: 100, txBytes: 7, lastHandshake: expect.any(String) })]);
    expect(b.connections).toEqual([expect.objectContaining({ remotePeerId: c.peerAId, rxBytes: 7, txBytes: 100 })]);
    expect(a).toMatchObject({ online: false, lastSeen: null });
    expect((await api().get(`/api/peers/${ids['hub']}/status`).expect(200)).body).toMatchObject({ online: true, lastSeen: expect.any(String), connections: [] });
    await api().get('/api/peers/00000000-0000-4000-8000-000000000000/status').expect(404);
  });
});
