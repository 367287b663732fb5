import request from 'supertest';
import { startTestApp, type TestApp } from './harness/test-app';

describe('concurrent peer creation (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const newWan = async (name: string): Promise<string> => (await request(t.http).post('/api/wan').send({ name }).expect(201)).body.id;

  it('gives 50 parallel creations in one WAN 50 distinct addresses, with no failures', async () => {
    const wanId = await newWan('busy');
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) => request(t.http).post(`/api/wan/${wanId}/peers`).send({ name: `peer-${i}`, type: 'client' })),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(50).fill(201));
    const ips = responses.map((r) => r.body.tunnelIp as string);
    expect(new Set(ips).size).toBe(50);
    // First-free allocation under a lock fills the range densely: exactly .1 to .50.
    expect(ips.map((ip) => Number(ip.split('.')[3])).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const changes = await t.database.manager.query(`SELECT count(*)::int AS n FROM state_change WHERE wan_id = $1 AND reason = 'peer.created'`, [wanId]);
    expect(changes[0].n).toBe(50);
  });

  it('keeps WANs independent while both are busy', async () => {
    const [a, b] = [await newWan('left'), await newWan('right')];
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => request(t.http).post(`/api/wan/${i % 2 ? a : b}/peers`).send({ name: `p${i}`, type: 'client' })),
    );
    expect(responses.every((r) => r.status === 201)).toBe(true);
    for (const wanId of [a, b]) {
      const page = await request(t.http).get(`/api/wan/${wanId}/peers?limit=100`).expect(200);
      expect(page.body.total).toBe(20);
      expect(new Set(page.body.items.map((p: { tunnelIp: string }) => p.tunnelIp)).size).toBe(20);
    }
  });

  it('lets exactly one of many racing reservations of the same address win', async () => {
    const wanId = await newWan('race');
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => request(t.http).post(`/api/wan/${wanId}/peers`).send({ name: `r${i}`, type: 'client', tunnelIp: '10.0.0.9' })),
    );
    expect(responses.map((r) => r.status).sort()).toEqual([201, ...Array(9).fill(409)]);
    expect(responses.filter((r) => r.status === 409).every((r) => r.body.code === 'IPAM.ALREADY_TAKEN')).toBe(true);
  });
});
