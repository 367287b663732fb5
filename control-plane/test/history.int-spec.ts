import request from 'supertest';
import { startTestApp, type TestApp } from './harness/test-app';

describe('Regenerate-all and configuration history (real PostgreSQL)', () => {
  let t: TestApp;
  let wanId: string;
  let laptopId: string;
  let hubId: string;
  beforeAll(async () => {
    t = await startTestApp({ WOM_MASTER_KEY: 'b'.repeat(64) });
    wanId = (await api().post('/api/wan').send({ name: 'history', topologyType: 'mesh' }).expect(201)).body.id;
    hubId = (await api().post(`/api/wan/${wanId}/peers`).send({ name: 'hub', type: 'hub', endpoint: 'hub.example.com:51820', listenPort: 51820 }).expect(201)).body.id;
    laptopId = (await api().post(`/api/wan/${wanId}/peers`).send({ name: 'laptop', type: 'client' }).expect(201)).body.id;
    await api().post(`/api/wan/${wanId}/peers`).send({ name: 'agent', type: 'server', deploymentMode: 'agent' }).expect(201);
  });
  afterAll(() => t.close());

  const api = () => request(t.http);
  const history = async (peerId: string) => (await api().get(`/api/peers/${peerId}/history`).expect(200)).body;

  it('stores a version per changed peer, then reports everything unchanged', async () => {
    const first = await api().post(`/api/wan/${wanId}/regenerate-all`).expect(200);
    expect(first.body).toMatchObject({ generated: 3, unchanged: 0, queuedDeployments: [] });
    expect(first.body.pendingManualApplication.map((p: { peerName: string }) => p.peerName).sort()).toEqual(['hub', 'laptop']);
    const second = await api().post(`/api/wan/${wanId}/regenerate-all`).expect(200);
    expect(second.body).toMatchObject({ generated: 0, unchanged: 3, pendingManualApplication: [] });
    const hubVersions = (await history(hubId)).items;
    expect(hubVersions.map((v: { configType: string }) => v.configType).sort()).toEqual(['nftables', 'wireguard']);
    const wg = hubVersions.find((v: { configType: string }) => v.configType === 'wireguard');
    expect(wg.configurationText).toMatch(/^PrivateKey = \[redacted\]$/m);
    expect(wg).toMatchObject({ appliedAt: null, generatedAt: expect.any(String) });
    await api().post('/api/wan/00000000-0000-4000-8000-000000000000/regenerate-all').expect(404);
  });

  it('shows pendingManualApplication until the newest version is marked applied', async () => {
    expect((await api().get(`/api/peers/${laptopId}`).expect(200)).body.pendingManualApplication).toBe(true);
    const [latest] = (await history(laptopId)).items;
    const applied = await api().post(`/api/peers/${laptopId}/history/${latest.id}/mark-applied`).expect(200);
    expect(applied.body.appliedAt).toEqual(expect.any(String));
    expect((await api().get(`/api/peers/${laptopId}`).expect(200)).body.pendingManualApplication).toBe(false);
    const list = (await api().get(`/api/wan/${wanId}/peers`).expect(200)).body.items;
    expect(Object.fromEntries(list.map((p: { name: string; pendingManualApplication: boolean }) => [p.name, p.pendingManualApplication]))).toEqual({ hub: true, laptop: false, agent: false });
  });

  it('lists versions newest first and diffs two of them', async () => {
    await api().put(`/api/peers/${hubId}`).send({ listenPort: 51821, endpoint: 'hub.example.com:51821' }).expect(200);
    const res = await api().post(`/api/wan/${wanId}/regenerate-all`).expect(200);
    expect(res.body.generated).toBe(3);
    expect((await api().get(`/api/peers/${laptopId}`).expect(200)).body.pendingManualApplication).toBe(true);
    const items = (await history(laptopId)).items;
    expect(items.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    const diff = await api().get(`/api/peers/${laptopId}/history/diff?from=${items[1].id}&to=${items[0].id}`).expect(200);
    expect(diff.body.unified).toContain('-Endpoint = hub.example.com:51820');
    expect(diff.body.unified).toContain('+Endpoint = hub.example.com:51821');
    expect(diff.body).toMatchObject({ added: expect.any(Number), removed: expect.any(Number) });
    const one = await api().get(`/api/peers/${laptopId}/history/${items[1].id}`).expect(200);
    expect(one.body.version).toBe(1);
  });

  it('answers 404 for a version of another peer and 400 for a bad diff query', async () => {
    const [hubVersion] = (await history(hubId)).items;
    expect((await api().get(`/api/peers/${laptopId}/history/${hubVersion.id}`).expect(404)).body.code).toBe('HISTORY.NOT_FOUND');
    expect((await api().get(`/api/peers/${laptopId}/history/diff?from=x&to=y`).expect(400)).body.code).toBe('VALIDATION.FAILED');
  });

  it('makes a key regeneration a new version of the peer itself', async () => {
    await api().post(`/api/wan/${wanId}/regenerate-all`).expect(200);
    await api().post(`/api/peers/${laptopId}/regenerate-keys`).expect(200);
    const res = await api().post(`/api/wan/${wanId}/regenerate-all`).expect(200);
    // The laptop (new private key) and the hub (lists the new public key); the agent reaches
    // the laptop through the hub (neither has an endpoint), so its file doesn't change.
    expect(res.body).toMatchObject({ generated: 2, unchanged: 1 });
  });
});
