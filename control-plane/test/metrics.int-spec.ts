import request from 'supertest';
import { startTestApp, type TestApp } from './harness/test-app';

describe('Prometheus metrics (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ WOM_MASTER_KEY: 'f'.repeat(64) });
  });
  afterAll(() => t.close());

  it('exposes process metrics, request durations by route template, and WAN/peer counts', async () => {
    const wanId = (await request(t.http).post('/api/wan').send({ name: 'metrics' }).expect(201)).body.id;
    const peer = (await request(t.http).post(`/api/wan/${wanId}/peers`).send({ name: 'a', type: 'client' }).expect(201)).body;
    await request(t.http).get(`/api/peers/${peer.id}`).expect(200);
    const res = await request(t.http).get('/metrics').expect(200);
    expect(res.headers['content-type']).toContain('text/plain; version=0.0.4');
    expect(res.text).toContain('process_cpu_seconds_total');
    expect(res.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/api\/peers\/:id",status="200"\} 1/);
    expect(res.text).not.toContain(peer.id);
    expect(res.text).toMatch(/^wom_wans 1$/m);
    expect(res.text).toMatch(/^wom_peers\{type="client",online="false"\} 1$/m);
  });
});
