import { generateKeyPair } from '@wom/domain';
import request from 'supertest';
import { firstValueFrom, filter, take, timeout } from 'rxjs';
import { PeerEntity } from '../src/database/entities';
import { EventBus } from '../src/events/event-bus';
import { RouterHealthRecorder } from '../src/monitoring/router-health.recorder';
import { startTestApp, type TestApp } from './harness/test-app';

const HEALTH = { identity: 'branch-7', version: '7.19.4 (stable)', board: null, cpuLoadPercent: 3, freeMemoryBytes: 1, totalMemoryBytes: 2, uptime: '1h', uptimeSeconds: 3600 };

/**
 * A MikroTik router is online only while its tunnel is (real PostgreSQL): a reading whose REST
 * API answered but whose links are silent leaves it offline in the stored row, the peers list
 * and the `peer.status` events; a handshake within the last 3 minutes brings it online.
 */
describe('router online means its tunnel is up (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ JOB_RUNNER_ENABLED: 'false', DRIFT_CHECK_CRON: 'off' });
  });
  afterAll(() => t.close());
  const api = () => request(t.http);

  it('keeps an API-only router offline everywhere, and brings it online with a recent handshake', async () => {
    const wanId = (await api().post('/api/wan').send({ name: 'tunnel-online' }).expect(201)).body.id as string;
    const hubKey = generateKeyPair().publicKey;
    await api().post(`/api/wan/${wanId}/peers`).send({ name: 'hub', type: 'hub', publicKey: hubKey, endpoint: 'hub.example.net:51820', listenPort: 51820 }).expect(201);
    const routerId = (await api()
      .post(`/api/wan/${wanId}/peers`)
      .send({ name: 'branch-7', type: 'mikrotik', deploymentMode: 'mikrotik-api', mikrotik: { managementIp: '127.0.0.1', username: 'wom', password: 'secret' } })
      .expect(201)).body.id as string;
    const events = t.app.get(EventBus);
    const nextStatus = () => firstValueFrom(events.events.pipe(filter((e) => e.type === 'peer.status' && (e.data as { peerId: string }).peerId === routerId), take(1), timeout(10_000)));
    const read = async (handshakeAgoSeconds: number | null, peers = true) => {
      const router = await t.database.manager.findOneByOrFail(PeerEntity, { id: routerId });
      const stats = peers ? [{ publicKey: hubKey, lastHandshakeSeconds: handshakeAgoSeconds, rxBytes: 10, txBytes: 20, comment: null, disabled: false, currentEndpoint: null }] : [];
      await t.app.get(RouterHealthRecorder).reading(router, HEALTH, stats, new Date());
    };
    const listed = async () => ((await api().get(`/api/wan/${wanId}/peers`).expect(200)).body.items as { id: string; isOnline: boolean }[]).find((p) => p.id === routerId)!;
    const stored = async () => t.database.manager.findOneByOrFail(PeerEntity, { id: routerId });

    const announced: boolean[] = [];
    const watching = events.events.pipe(filter((e) => e.type === 'peer.status' && (e.data as { peerId: string }).peerId === routerId)).subscribe((e) => announced.push((e.data as { isOnline: boolean }).isOnline));

    // The API answers, no WireGuard peer at all: reachable, not online.
    await read(null, false);
    expect(await stored()).toMatchObject({ isOnline: false, mikrotikApiStatus: 'connected' });
    expect((await listed()).isOnline).toBe(false);

    // The API answers, the only link last handshook ten minutes ago: still offline.
    await read(600);
    expect((await stored()).isOnline).toBe(false);
    expect((await listed()).isOnline).toBe(false);

    // Nothing said the router came online while only its API answered.
    expect(announced).toEqual([]);

    // A fresh handshake: online, and said on the event stream.
    const cameOnline = nextStatus();
    await read(5);
    expect((await cameOnline).data).toMatchObject({ isOnline: true });
    expect((await stored()).isOnline).toBe(true);
    expect((await listed()).isOnline).toBe(true);

    // The tunnel goes quiet while the API still answers: offline again, announced.
    const wentOffline = nextStatus();
    await read(400);
    expect((await wentOffline).data).toMatchObject({ isOnline: false });
    expect(await stored()).toMatchObject({ isOnline: false, mikrotikApiStatus: 'connected' });
    expect((await listed()).isOnline).toBe(false);
    expect(announced).toEqual([true, false]);
    watching.unsubscribe();
  });
});
