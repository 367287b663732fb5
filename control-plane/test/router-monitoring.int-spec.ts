import type { AddressInfo } from 'node:net';
import { generateKeyPair } from '@wom/domain';
import type { EmulatedRouter } from '@wom/routeros';
import request from 'supertest';
import { PeerEntity } from '../src/database/entities';
import { EventBus, type WomEvent } from '../src/events/event-bus';
import { RouterRecords } from '../src/mikrotik/router-records';
import { createRouterWan, eventually, RouterLab } from './harness/mikrotik-routers';
import { readStream } from './harness/event-stream';
import { startTestApp, type TestApp } from './harness/test-app';

const INTERVAL_MS = 3_000;

/**
 * Live router health on the real schedule (real PostgreSQL, RouterOS emulator, rounds every
 * 3 s): every router's health and every link's counters, hub-spoke and mesh, in the API and
 * as `router.health` / `link.stats` events, and a router that goes silent marked unreachable
 * within two intervals. Nothing sleeps a fixed time: each step waits for the event it needs.
 */
describe('live router health (real PostgreSQL, RouterOS emulator, MONITOR_INTERVAL_SECONDS=3)', () => {
  let t: TestApp;
  let port: number;
  let lab: RouterLab;
  const events: WomEvent[] = [];
  const routers = new Map<string, EmulatedRouter>();
  let hubSpoke: { wanId: string; hubId: string; routerIds: string[] };
  let mesh: { wanId: string; serverId: string; routerIds: string[] };
  const api = () => request(t.http);

  /** The next event matching `match` published from now on; bounded in time. */
  const nextEvent = <T extends WomEvent>(match: (event: WomEvent) => boolean, timeoutMs = 30_000): Promise<T> => {
    const from = events.length;
    return eventually(async () => events.slice(from).find(match) as T | undefined, timeoutMs, 'the event');
  };
  const healthOf = (peerId: string) => (event: WomEvent) => event.type === 'router.health' && (event as WomEvent<'router.health'>).data.peerId === peerId;

  /** The interface a deployment would have made, with one peer row per remote, as the router reports it. */
  async function seedRouter(peerId: string): Promise<string> {
    const router = await lab.addRouter(peerId, { identity: `site-${peerId.slice(0, 4)}` });
    routers.set(peerId, router);
    const publicKey = router.state.create('/interface/wireguard', { name: 'wg-wan-overlay', 'listen-port': '13231' })['public-key'] ?? '';
    // What a deployment stores when the router made its own key pair.
    await t.app.get(RouterRecords).saveRouterPublicKey((await t.database.manager.findOneByOrFail(PeerEntity, { id: peerId })), publicKey);
    return publicKey;
  }

  let remotes = 0;
  function link(routerId: string, remoteKey: string, traffic: { rx: number; tx: number; handshake: string }): void {
    const router = routers.get(routerId)!;
    // RouterOS refuses overlapping allowed addresses on one interface.
    router.state.create('/interface/wireguard/peers', { interface: 'wg-wan-overlay', 'public-key': remoteKey, 'allowed-address': `10.255.0.${++remotes}/32` });
    expect(router.state.recordPeerTraffic(remoteKey, { lastHandshake: traffic.handshake, rx: traffic.rx, tx: traffic.tx })).toBe(1);
  }

  beforeAll(async () => {
    t = await startTestApp({ MONITOR_INTERVAL_SECONDS: String(INTERVAL_MS / 1000), JOB_RUNNER_ENABLED: 'false', DRIFT_CHECK_CRON: 'off', WOM_MASTER_KEY: 'f'.repeat(64) });
    t.app.get(EventBus).events.subscribe((event) => events.push(event));
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
    lab = new RouterLab(t);

    hubSpoke = await createRouterWan(t, 'health-hub-spoke', 2);
    const hubKey = (await api().get(`/api/peers/${hubSpoke.hubId}`).expect(200)).body.publicKey as string;
    for (const id of hubSpoke.routerIds) await seedRouter(id);
    link(hubSpoke.routerIds[0]!, hubKey, { handshake: '12s', rx: 4096, tx: 1024 });
    link(hubSpoke.routerIds[1]!, hubKey, { handshake: '1m30s', rx: 8192, tx: 2048 });

    const wanId = (await api().post('/api/wan').send({ name: 'health-mesh', topologyType: 'mesh', tunnelIpRange: '10.77.0.0/24', sharedServicesRange: '10.77.5.0/24' }).expect(201)).body.id as string;
    const serverKey = generateKeyPair().publicKey;
    const serverId = (await api().post(`/api/wan/${wanId}/peers`).send({ name: 'dc-server', type: 'server', publicKey: serverKey, endpoint: 'dc.example.net:51820', listenPort: 51820 }).expect(201)).body.id as string;
    const routerIds: string[] = [];
    // mesh-a has a public endpoint, so the compiler plans the router-to-router link too.
    routerIds.push((await api().post(`/api/wan/${wanId}/peers`).send({ name: 'mesh-a', type: 'mikrotik', endpoint: 'mesh-a.example.net:13231', listenPort: 13231, subnets: [{ cidr: '192.168.50.0/24' }] }).expect(201)).body.id as string);
    routerIds.push((await api().post(`/api/wan/${wanId}/peers`).send({ name: 'mesh-b', type: 'mikrotik', subnets: [{ cidr: '192.168.51.0/24' }] }).expect(201)).body.id as string);
    mesh = { wanId, serverId, routerIds };
    const [keyA, keyB] = [await seedRouter(routerIds[0]!), await seedRouter(routerIds[1]!)];
    // Each end counts the same link from its side: what A sent, B received.
    link(routerIds[0]!, keyB, { handshake: '5s', rx: 300, tx: 700 });
    link(routerIds[1]!, keyA, { handshake: '5s', rx: 700, tx: 300 });
    link(routerIds[0]!, serverKey, { handshake: '20s', rx: 11, tx: 22 });
    link(routerIds[1]!, serverKey, { handshake: '4m', rx: 33, tx: 44 });
  }, 60_000);

  afterAll(async () => {
    await lab?.close();
    await t?.close();
  });

  it('streams one router.health and one link.stats event per read, on request, and serves the same reading', async () => {
    const [r1] = hubSpoke.routerIds;
    const stream = readStream(port, '/api/events?types=router.health,link.stats', (text) => text.includes('event: link.stats') && text.includes(`"remotePeerId":"${hubSpoke.hubId}"`), 30_000);
    await stream.ready;
    const text = await stream.done.finally(() => stream.close());
    expect(text).not.toContain('event: peer.status');
    const frame = text.split('\n\n').find((f) => f.startsWith('event: link.stats') && f.includes(hubSpoke.hubId))!;
    const data = JSON.parse(frame.split('\ndata: ')[1]!);
    expect(data).toMatchObject({ wanId: hubSpoke.wanId, at: expect.any(String) });
    expect(data.links).toEqual([expect.objectContaining({ remotePeerId: hubSpoke.hubId, up: true, handshakeAgeSeconds: expect.any(Number) })]);

    // The API serves exactly the reading the next event announced.
    const event = await nextEvent<WomEvent<'router.health'>>(healthOf(r1!));
    const body = (await api().get(`/api/peers/${r1}/mikrotik/health`).expect(200)).body;
    expect(body).toMatchObject({ peerId: r1, apiStatus: 'connected', readByAgentId: null, online: true });
    expect(body.health).toEqual(event.data.health);
    expect(body.health).toEqual({
      identity: `site-${r1!.slice(0, 4)}`,
      version: expect.any(String),
      board: expect.any(String),
      cpuLoadPercent: expect.any(Number),
      memoryUsedBytes: expect.any(Number),
      memoryTotalBytes: expect.any(Number),
      uptimeSeconds: expect.any(Number),
      checkedAt: event.at,
    });
    expect(body.health.memoryUsedBytes).toBeLessThan(body.health.memoryTotalBytes);
    expect((await api().get(`/api/peers/${r1}`).expect(200)).body.mikrotik).toMatchObject({ apiStatus: 'connected', health: event.data.health });
  });

  it('keeps every hub-spoke link’s handshake age and traffic, from either end', async () => {
    const [r1, r2] = hubSpoke.routerIds;
    await nextEvent(healthOf(r2!));
    const links = (await api().get(`/api/peers/${r1}/mikrotik/health`).expect(200)).body.links;
    expect(links).toEqual([{ remotePeerId: hubSpoke.hubId, remotePeerName: 'hub', lastHandshake: expect.any(String), handshakeAgeSeconds: expect.any(Number), up: true, rxBytes: 4096, txBytes: 1024, updatedAt: expect.any(String) }]);
    // 12 s old when read, and at most a few rounds older by now.
    expect(links[0].handshakeAgeSeconds).toBeGreaterThanOrEqual(12);
    expect(links[0].handshakeAgeSeconds).toBeLessThan(12 + 10);
    // The hub is no router, yet its links show from its side: what the spoke received, it sent.
    const hubStatus = (await api().get(`/api/wan/${hubSpoke.wanId}/links`).expect(200)).body;
    expect(hubStatus.links).toHaveLength(2);
    for (const wanLink of hubStatus.links) {
      expect(wanLink).toMatchObject({ kind: 'hub', connectionId: null, stats: { up: true, reportedBy: expect.any(String), handshakeAgeSeconds: expect.any(Number) } });
      const spoke = [wanLink.source, wanLink.target].find((id: string) => id !== hubSpoke.hubId);
      const [rx, tx] = spoke === r1 ? [4096, 1024] : [8192, 2048];
      expect(wanLink.stats).toMatchObject(wanLink.source === spoke ? { rxBytes: rx, txBytes: tx } : { rxBytes: tx, txBytes: rx });
    }
    expect((await api().get(`/api/peers/${hubSpoke.hubId}`).expect(200)).body).toMatchObject({ isOnline: true });
  });

  it('keeps every mesh link, router to router and router to server', async () => {
    const [a, b] = mesh.routerIds;
    await nextEvent(healthOf(a!));
    await nextEvent(healthOf(b!));
    const links = (await api().get(`/api/peers/${a}/mikrotik/health`).expect(200)).body.links as { remotePeerId: string; rxBytes: number; txBytes: number; up: boolean }[];
    expect(links).toHaveLength(2);
    expect(links.find((l) => l.remotePeerId === b)).toMatchObject({ remotePeerName: 'mesh-b', rxBytes: 300, txBytes: 700, up: true });
    expect(links.find((l) => l.remotePeerId === mesh.serverId)).toMatchObject({ remotePeerName: 'dc-server', rxBytes: 11, txBytes: 22, up: true });
    const wan = (await api().get(`/api/wan/${mesh.wanId}/links`).expect(200)).body;
    expect(wan.links).toHaveLength(3);
    expect(wan.links.every((l: { kind: string; stats: unknown }) => l.kind === 'mesh' && l.stats !== null)).toBe(true);
    // mesh-b last handshook with the server 4 minutes ago: the link is down.
    const bServer = wan.links.find((l: { source: string; target: string }) => [l.source, l.target].includes(b!) && [l.source, l.target].includes(mesh.serverId));
    expect(bServer.stats).toMatchObject({ up: false, reportedBy: b });
    expect(bServer.stats.handshakeAgeSeconds).toBeGreaterThanOrEqual(240);
  });

  it('reads each router once per interval, never more, and keeps good reads out of the call log', async () => {
    const [r1] = hubSpoke.routerIds;
    const first = await nextEvent(healthOf(r1!));
    const second = await nextEvent(healthOf(r1!));
    const gap = Date.parse(second.at) - Date.parse(first.at);
    // Its slot stays put: one interval apart (a loaded machine may stretch it, never halve it).
    expect(gap).toBeGreaterThan(INTERVAL_MS / 2);
    expect(gap).toBeLessThan(2 * INTERVAL_MS);
    const between = events.filter((e) => healthOf(r1!)(e) && e.at > first.at && e.at < second.at);
    expect(between).toEqual([]);
    expect((await api().get(`/api/peers/${r1}/mikrotik/logs`).expect(200)).body.total).toBe(0);
  });

  it('reads with the router’s new settings from the next round: a wrong password is auth-failed, the right one connected again', async () => {
    const [r1] = hubSpoke.routerIds;
    const router = routers.get(r1!)!;
    await lab.connect(r1!, router, { password: 'not-the-password' });
    await nextEvent((e) => healthOf(r1!)(e) && (e as WomEvent<'router.health'>).data.apiStatus === 'auth-failed');
    await lab.connect(r1!, router);
    await nextEvent((e) => healthOf(r1!)(e) && (e as WomEvent<'router.health'>).data.apiStatus === 'connected');
  });

  it('marks a router that stops answering unreachable within two intervals, and connected again once it answers', async () => {
    const [, r2] = hubSpoke.routerIds;
    const router = routers.get(r2!)!;
    await nextEvent((e) => healthOf(r2!)(e) && (e as WomEvent<'router.health'>).data.apiStatus === 'connected');
    // Silent from now on: every request hangs until the monitor's own timeout ends it.
    const stoppedAt = Date.now();
    for (let i = 0; i < 200; i++) router.injectFault({ fault: 'timeout' });
    const failed = await nextEvent<WomEvent<'router.health'>>((e) => healthOf(r2!)(e) && (e as WomEvent<'router.health'>).data.apiStatus === 'unreachable');
    expect(Date.parse(failed.at) - stoppedAt).toBeLessThanOrEqual(2 * INTERVAL_MS);
    expect(failed.data).toEqual({ peerId: r2, wanId: hubSpoke.wanId, apiStatus: 'unreachable', health: null });
    expect(events).toContainEqual(expect.objectContaining({ type: 'peer.status', data: expect.objectContaining({ peerId: r2, isOnline: false }) }));
    const body = (await api().get(`/api/peers/${r2}/mikrotik/health`).expect(200)).body;
    expect(body).toMatchObject({ apiStatus: 'unreachable', online: false, lastApiCheck: failed.at });
    // The last good figures stay, marked by when they were read.
    expect(Date.parse(body.health.checkedAt)).toBeLessThan(Date.parse(body.lastApiCheck));
    // A failed read's calls are logged, for the engineer who looks into it.
    expect((await api().get(`/api/peers/${r2}/mikrotik/logs`).expect(200)).body.items[0]).toMatchObject({ errorMessage: expect.stringContaining('ROUTEROS.') });

    router.clearFaults();
    await nextEvent((e) => healthOf(r2!)(e) && (e as WomEvent<'router.health'>).data.apiStatus === 'connected');
    expect((await api().get(`/api/peers/${r2}`).expect(200)).body).toMatchObject({ isOnline: true, mikrotik: { apiStatus: 'connected' } });
  });
});
