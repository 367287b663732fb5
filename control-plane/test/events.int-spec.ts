import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { EventBus } from '../src/events/event-bus';
import { readStream } from './harness/event-stream';
import { startTestApp, type TestApp } from './harness/test-app';

async function waitFor(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('Server-sent events (real PostgreSQL)', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await startTestApp({ WOM_MASTER_KEY: 'd'.repeat(64) });
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  it('streams config.changed after regenerate-all', async () => {
    const wanId = (await request(t.http).post('/api/wan').send({ name: 'events' }).expect(201)).body.id;
    await request(t.http).post(`/api/wan/${wanId}/peers`).send({ name: 'laptop', type: 'client' }).expect(201);
    const stream = readStream(port, '/api/events', (text) => text.includes('event: config.changed'));
    try {
      const res = await stream.ready;
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
      await request(t.http).post(`/api/wan/${wanId}/regenerate-all`).expect(200);
      const text = await stream.done;
      const data = JSON.parse(/event: config\.changed\ndata: (.*)\n/.exec(text)![1]!);
      expect(data).toMatchObject({ wanId, reason: 'configs.regenerated', peerIds: [expect.any(String)] });
    } finally {
      stream.close();
    }
  });

  it('filters by ?types= and forgets a client once it disconnects', async () => {
    const bus = t.app.get(EventBus);
    const observed = () => (bus as unknown as { subject: { observers: unknown[] } }).subject.observers.length;
    await waitFor(() => observed() === 0);
    const stream = readStream(port, '/api/events?types=peer.status', (text) => text.includes('event: peer.status'));
    await stream.ready;
    await waitFor(() => observed() === 1);
    bus.publish('job.progress', { jobId: 'j', peerId: 'p', status: 'running', progressPercent: 10 });
    bus.publish('peer.status', { peerId: 'p', wanId: 'w', isOnline: true, lastSeen: null });
    const text = await stream.done;
    expect(text).toContain('"isOnline":true');
    expect(text).not.toContain('job.progress');
    stream.close();
    await waitFor(() => observed() === 0);
  });

  it('scopes the stream to one WAN with ?wanId= and names the field when it is not a UUID', async () => {
    const bad = await request(t.http).get('/api/events?wanId=not-a-wan').expect(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'wanId' })]);
    const mine = '3f0c1a52-6d0e-4c59-9a57-0d1f4a3b2c10';
    const other = '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d';
    const bus = t.app.get(EventBus);
    const stream = readStream(port, `/api/events?wanId=${mine}`, (text) => text.includes('"jobId":"last"'));
    try {
      expect((await stream.ready).statusCode).toBe(200);
      // The stream subscribes when its headers are sent: wait for that before publishing.
      await waitFor(() => (bus as unknown as { subject: { observers: unknown[] } }).subject.observers.length > 0);
      bus.publish('peer.status', { peerId: 'theirs', wanId: other, isOnline: true, lastSeen: null });
      bus.publish('job.progress', { jobId: 'their-job', peerId: 'p', wanId: other, status: 'running', progressPercent: 1 });
      bus.publish('job.progress', { jobId: 'no-wan-job', peerId: 'p', wanId: null, status: 'running', progressPercent: 1 });
      bus.publish('peer.status', { peerId: 'ours', wanId: mine, isOnline: true, lastSeen: null });
      bus.publish('job.progress', { jobId: 'last', peerId: 'p', wanId: mine, status: 'running', progressPercent: 1 });
      const text = await stream.done;
      expect(text).toContain('"peerId":"ours"');
      expect(text).not.toContain('theirs');
      expect(text).not.toContain('their-job');
      expect(text).not.toContain('no-wan-job');
    } finally {
      stream.close();
    }
  });
});
