import { generateKeyPair } from '@wom/domain';
import request from 'supertest';
import { PeerEntity } from '../src/database/entities';
import { RouterHealthRecorder } from '../src/monitoring/router-health.recorder';
import { RouterReadingsRepository } from '../src/monitoring/router-readings.repository';
import { startTestApp, type TestApp } from './harness/test-app';

const HEALTH = { identity: 'office-3', version: '7.19.4 (stable)', board: null, cpuLoadPercent: 3, freeMemoryBytes: 1, totalMemoryBytes: 2, uptime: '1h', uptimeSeconds: 3600 };

/**
 * A router's status tells API reachability and tunnel state apart (real PostgreSQL): readings
 * are stored the way the monitor stores them, then GET /peers/:id is read back.
 */
describe('peer status: API reachability and tunnel state apart (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ JOB_RUNNER_ENABLED: 'false', DRIFT_CHECK_CRON: 'off' });
  });
  afterAll(() => t.close());
  const api = () => request(t.http);
  let wans = 0;

  async function routerAndHub() {
    const wanId = (await api().post('/api/wan').send({ name: `status-${++wans}` }).expect(201)).body.id as string;
    const hubKey = generateKeyPair().publicKey;
    const hub = (await api().post(`/api/wan/${wanId}/peers`).send({ name: 'hub', type: 'hub', publicKey: hubKey, endpoint: 'hub.example.net:51820', listenPort: 51820 }).expect(201)).body;
    const router = (await api()
      .post(`/api/wan/${wanId}/peers`)
      .send({ name: 'office-3', type: 'mikrotik', deploymentMode: 'mikrotik-api', mikrotik: { managementIp: '127.0.0.1', username: 'wom', password: 'secret' } })
      .expect(201)).body;
    return { hub, hubKey, router: await t.database.manager.findOneByOrFail(PeerEntity, { id: router.id }) };
  }
  const read = async (routerId: string, handshakeAgoSeconds: number | null, hubKey: string, now: Date) => {
    const router = await t.database.manager.findOneByOrFail(PeerEntity, { id: routerId });
    await t.app.get(RouterHealthRecorder).reading(router, HEALTH, [{ publicKey: hubKey, lastHandshakeSeconds: handshakeAgoSeconds, rxBytes: 10, txBytes: 20, comment: null, disabled: false, currentEndpoint: null }], now);
  };

  it('a router whose API answers while its tunnel is silent is reachable but not online', async () => {
    const { router, hubKey } = await routerAndHub();
    const fresh = (await api().get(`/api/peers/${router.id}`).expect(200)).body;
    expect(fresh).toMatchObject({ apiReachable: false, isOnline: false, tunnel: { state: 'unknown', links: [], linksUp: 0, lastHandshake: null } });

    await read(router.id, 600, hubKey, new Date());
    const silent = (await api().get(`/api/peers/${router.id}`).expect(200)).body;
    expect(silent).toMatchObject({ apiReachable: true, isOnline: false, tunnel: { state: 'down', linksUp: 0, links: [{ remotePeerName: 'hub', up: false }] } });
    expect(silent.tunnel.handshakeAgeSeconds).toBeGreaterThanOrEqual(600);

    await read(router.id, 5, hubKey, new Date());
    const up = (await api().get(`/api/peers/${router.id}`).expect(200)).body;
    expect(up).toMatchObject({ apiReachable: true, isOnline: true, tunnel: { state: 'up', linksUp: 1, links: [{ remotePeerName: 'hub', up: true }] } });
    expect(up.tunnel.handshakeAgeSeconds).toBeLessThan(180);

    // The API stops answering: the tunnel's last reading still stands, the API is marked unreachable.
    await t.app.get(RouterReadingsRepository).storeFailure(router.id, 'unreachable', new Date());
    const apiDown = (await api().get(`/api/peers/${router.id}`).expect(200)).body;
    expect(apiDown).toMatchObject({ apiReachable: false, tunnel: { state: 'up' } });
  });

  it('a peer without a management API has apiReachable null and its links from the routers that see it', async () => {
    const { router, hub, hubKey } = await routerAndHub();
    await read(router.id, 5, hubKey, new Date());
    const seen = (await api().get(`/api/peers/${hub.id}`).expect(200)).body;
    expect(seen).toMatchObject({ apiReachable: null, tunnel: { state: 'up', links: [{ remotePeerName: 'office-3', up: true }] } });
    expect((await api().get('/api/peers/00000000-0000-4000-8000-000000000000').expect(404)).body.code).toBe('PEER.NOT_FOUND');
  });
});
