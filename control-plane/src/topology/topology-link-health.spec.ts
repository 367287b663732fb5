import request from 'supertest';
import { startTestApp, type TestApp } from '../../test/harness/test-app';

/**
 * The topology carries each link's handshake age from `link_stats` (real PostgreSQL), and
 * leaves links nobody reported without one, so the console can tell up, down and unknown apart.
 */
describe('topology link health (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('adds the handshake age of reported links only', async () => {
    const api = () => request(t.http);
    const wanId: string = (await api().post('/api/wan').send({ name: 'health', topologyType: 'mesh' }).expect(201)).body.id;
    const ids: string[] = [];
    for (const name of ['a', 'b', 'c']) ids.push((await api().post(`/api/wan/${wanId}/peers`).send({ name, type: 'server', endpoint: `${name}.example.net:51820` }).expect(201)).body.id);
    const [x, y, z] = [...ids].sort() as [string, string, string];
    await t.database.manager.query(
      `INSERT INTO link_stats (peer_a_id, peer_b_id, wan_id, last_handshake, rx_bytes, tx_bytes, reported_by, updated_at)
       VALUES ($1, $2, $4, now() - interval '42 seconds', 1, 2, $1, now()), ($1, $3, $4, NULL, 0, 0, $1, now())`,
      [x, y, z, wanId],
    );
    const edges: { source: string; target: string; handshakeAgeSeconds?: number | null }[] = (await api().get(`/api/wan/${wanId}/topology`).expect(200)).body.edges;
    expect(edges).toHaveLength(3);
    const age = (a: string, b: string) => edges.find((e) => e.source === a && e.target === b)!;
    expect(age(x, y).handshakeAgeSeconds).toBeGreaterThanOrEqual(42);
    expect(age(x, y).handshakeAgeSeconds).toBeLessThan(100);
    expect(age(x, z).handshakeAgeSeconds).toBeNull();
    expect('handshakeAgeSeconds' in age(y, z)).toBe(false);
  });
});
