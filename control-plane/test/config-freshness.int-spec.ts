import request from 'supertest';
import { startTestApp, type TestApp } from './harness/test-app';

/**
 * Configs are served from a compilation cached per WAN; these prove that no change of any
 * kind leaves a stale file behind.
 */
describe('config freshness after every kind of change (real PostgreSQL)', () => {
  let t: TestApp;
  let wanId: string;
  let hubId: string;
  beforeAll(async () => {
    t = await startTestApp();
    wanId = (await api().post('/api/wan').send({ name: 'fresh', topologyType: 'hub-spoke' }).expect(201)).body.id;
    hubId = (await api().post(`/api/wan/${wanId}/peers`).send({ name: 'hub', type: 'hub', endpoint: 'hub.example.com:51820', listenPort: 51820 }).expect(201)).body.id;
  });
  afterAll(() => t?.close());

  const api = () => request(t.http);
  const hubConfig = async () => (await api().get(`/api/peers/${hubId}/config`).expect(200)).text;

  it('shows a new peer, its key change, its subnets, a service and its deletion in the next request', async () => {
    const empty = await hubConfig();
    const spoke = (await api().post(`/api/wan/${wanId}/peers`).send({ name: 'spoke', type: 'client' }).expect(201)).body;
    const withSpoke = await hubConfig();
    expect(withSpoke).not.toBe(empty);
    expect(withSpoke).toContain(spoke.publicKey);

    const rekeyed = (await api().post(`/api/peers/${spoke.id}/regenerate-keys`).expect(200)).body;
    const afterRekey = await hubConfig();
    expect(afterRekey).not.toContain(spoke.publicKey);
    expect(afterRekey).toContain(rekeyed.publicKey);

    await api().put(`/api/peers/${spoke.id}`).send({ type: 'generic-router', subnets: [{ cidr: '192.168.44.0/24' }] }).expect(200);
    expect(await hubConfig()).toMatch(/AllowedIPs = .*192\.168\.44\.0\/24/);

    await api().put(`/api/wan/${wanId}`).send({ description: 'renamed' }).expect(200);
    await api().delete(`/api/peers/${spoke.id}`).expect(204);
    const gone = await hubConfig();
    expect(gone).not.toContain(rekeyed.publicKey);
    expect(gone).not.toContain('192.168.44.0/24');
  });

  it('answers 404 for a deleted peer at once, though its WAN is cached', async () => {
    const laptop = (await api().post(`/api/wan/${wanId}/peers`).send({ name: 'laptop', type: 'client' }).expect(201)).body;
    await api().get(`/api/peers/${laptop.id}/config`).expect(200);
    await api().delete(`/api/peers/${laptop.id}`).expect(204);
    expect((await api().get(`/api/peers/${laptop.id}/config`).expect(404)).body.code).toBe('PEER.NOT_FOUND');
  });
});
