import { managedComment } from '@wom/renderers';
import type { EmulatedRouter } from '@wom/routeros';
import request from 'supertest';
import { EventBus, type WomEvent } from '../src/events/event-bus';
import { createRouterWan, eventually, RouterLab, waitForJob } from './harness/mikrotik-routers';
import { startTestApp, type TestApp } from './harness/test-app';

describe('Drift detection, reconcile, the drift schedule and router monitoring (real PostgreSQL, RouterOS emulator)', () => {
  let t: TestApp;
  let lab: RouterLab;
  let wanId: string;
  let hubId: string;
  let routerIds: string[];
  let router: EmulatedRouter;
  const events: WomEvent[] = [];
  beforeAll(async () => {
    // Drift every second and monitoring every second, so the schedule itself is under test.
    t = await startTestApp({ JOB_POLL_INTERVAL_MS: '50', DRIFT_CHECK_CRON: '* * * * * *', MONITOR_INTERVAL_SECONDS: '1', WOM_MASTER_KEY: 'e'.repeat(64), RATE_LIMIT_HEAVY: '0' });
    t.app.get(EventBus).events.subscribe((event) => events.push(event));
    lab = new RouterLab(t);
    ({ wanId, hubId, routerIds } = await createRouterWan(t, 'drift', 2));
    await request(t.http).post(`/api/wan/${wanId}/connections`).send({ peerAId: hubId, peerBId: routerIds[0] }).expect(201);
    router = await lab.addRouter(routerIds[0]!);
    const deployed = await waitForJob(t, (await request(t.http).post(`/api/peers/${routerIds[0]}/mikrotik/deploy`).send({}).expect(202)).body.id);
    expect(deployed.status).toBe('completed');
  });
  afterAll(async () => {
    await lab.close();
    await t.close();
  });

  const api = () => request(t.http);
  const checkDrift = async () => (await api().post(`/api/peers/${routerIds[0]}/mikrotik/drift`).expect(200)).body;
  const ours = (menu: string) => router.state.rows(menu).filter((row) => (row['comment'] ?? '').startsWith('WAN-Overlay-Manager:'));

  it('finds no drift right after a deployment', async () => {
    expect(await checkDrift()).toMatchObject({ peerId: routerIds[0], inSync: true, entries: [] });
  });

  it('reports rows changed, removed and added on the router, keeps the report and announces it', async () => {
    const iface = ours('/interface/wireguard')[0]!;
    router.state.update('/interface/wireguard', iface['.id']!, { mtu: '1280' });
    const address = ours('/ip/firewall/address-list')[0]!;
    router.state.remove('/ip/firewall/address-list', address['.id']!);
    router.state.create('/ip/route', { 'dst-address': '10.123.0.0/24', gateway: iface['name']!, comment: managedComment(routerIds[0]!, 'route:10.123.0.0/24') });
    events.length = 0;

    const report = await checkDrift();
    expect(report.inSync).toBe(false);
    expect(report.summary).toMatchObject({ missing: 1, mismatched: 1, unknown: 1 });
    expect(report.entries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ kind: 'mismatched', menu: '/interface/wireguard', fields: expect.arrayContaining([expect.objectContaining({ field: 'mtu', expected: '1420', actual: '1280' })]) }),
        expect.objectContaining({ kind: 'missing', menu: '/ip/firewall/address-list' }),
        expect.objectContaining({ kind: 'unknown', menu: '/ip/route' }),
      ]),
    );
    // The every-second schedule may have stored a later check of the same router meanwhile: the same findings.
    const stored = (await api().get(`/api/peers/${routerIds[0]}/mikrotik/drift`).expect(200)).body;
    expect(stored).toEqual({ peerId: routerIds[0], checkedAt: stored.report.checkedAt, report: { ...report, checkedAt: stored.report.checkedAt } });
    expect(Date.parse(stored.checkedAt)).toBeGreaterThanOrEqual(Date.parse(report.checkedAt));
    expect(events).toContainEqual(expect.objectContaining({ type: 'config.changed', data: expect.objectContaining({ peerIds: [routerIds[0]], reason: 'mikrotik.drift-detected' }) }));
  });

  it('reconciles what was asked: missing and mismatched first, unknown rows only when removeUnknown is set', async () => {
    const first = await waitForJob(t, (await api().post(`/api/peers/${routerIds[0]}/mikrotik/reconcile`).send({}).expect(202)).body.id);
    expect(first).toMatchObject({ status: 'completed', jobType: 'reconcile', hasBackup: true, parameters: { reconcileMissing: true, reconcileMismatched: true, removeUnknown: false } });
    let report = await checkDrift();
    expect(report.summary).toMatchObject({ missing: 0, mismatched: 0, unknown: 1 });
    expect(router.state.rows('/ip/route').some((row) => row['dst-address'] === '10.123.0.0/24')).toBe(true);

    const second = await waitForJob(t, (await api().post(`/api/peers/${routerIds[0]}/mikrotik/reconcile`).send({ removeUnknown: true }).expect(202)).body.id);
    expect(second.status).toBe('completed');
    report = await checkDrift();
    expect(report.inSync).toBe(true);
    expect(router.state.rows('/ip/route').some((row) => row['dst-address'] === '10.123.0.0/24')).toBe(false);
    const verified = await waitForJob(t, (await api().post(`/api/peers/${routerIds[0]}/mikrotik/verify`).expect(202)).body.id);
    expect(verified).toMatchObject({ status: 'completed', jobType: 'verify', result: expect.objectContaining({ inSync: true }) });
  });

  it('validates the reconcile options and refuses peers that are not routers', async () => {
    const res = await api().post(`/api/peers/${routerIds[0]}/mikrotik/reconcile`).send({ removeUnknown: 'yes' }).expect(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ field: 'removeUnknown' })]);
    expect((await api().post(`/api/peers/${hubId}/mikrotik/drift`).expect(409)).body.code).toBe('PEER.NOT_MIKROTIK');
    expect((await api().post(`/api/peers/${routerIds[1]}/mikrotik/drift`).expect(409)).body.code).toBe('MIKROTIK.NOT_CONFIGURED');
  });

  it('checks every router of a WAN on demand, and on the schedule', async () => {
    const res = (await api().post(`/api/wan/${wanId}/mikrotik/drift`).expect(202)).body;
    expect(res.jobs.map((job: { peerId: string; jobType: string }) => [job.peerId, job.jobType])).toEqual([[routerIds[0], 'drift-check']]);
    expect(await waitForJob(t, res.jobs[0].id)).toMatchObject({ status: 'completed', result: expect.objectContaining({ inSync: true }) });
    // The every-second schedule queues drift checks by itself.
    await eventually(async () => {
      const jobs = (await api().get(`/api/peers/${routerIds[0]}/jobs?type=drift-check&status=completed`).expect(200)).body;
      return jobs.total >= 2;
    }, 10_000, 'a scheduled drift check');
  });

  it('monitors router health and WireGuard statistics: connections and online state follow the handshakes', async () => {
    const hubKey = (await api().get(`/api/peers/${hubId}`).expect(200)).body.publicKey as string;
    expect(router.state.recordPeerTraffic(hubKey, { lastHandshake: '12s', rx: 4096, tx: 1024 })).toBe(1);
    const hub = await eventually(async () => {
      const body = (await api().get(`/api/peers/${hubId}`).expect(200)).body;
      return body.isOnline ? body : null;
    }, 10_000, 'the hub to be seen online');
    expect(Date.now() - Date.parse(hub.lastSeen)).toBeLessThan(60_000);
    const [connection] = await t.database.manager.query(`SELECT * FROM peer_connection WHERE (peer_a_id = $1 AND peer_b_id = $2) OR (peer_a_id = $2 AND peer_b_id = $1)`, [hubId, routerIds[0]]);
    // Stored from peer A's side: the router's rx is what the hub sent.
    const routerIsA = connection.peer_a_id === routerIds[0];
    expect(connection).toMatchObject(routerIsA ? { rx_bytes: '4096', tx_bytes: '1024' } : { tx_bytes: '4096', rx_bytes: '1024' });
    expect(connection.stats_updated_at).toBeInstanceOf(Date);
    expect(connection.last_handshake).toBeInstanceOf(Date);
    const [row] = await t.database.manager.query(`SELECT is_online, last_seen, mikrotik_health, mikrotik_api_status FROM peer WHERE id = $1`, [routerIds[0]]);
    expect(row).toMatchObject({ is_online: true, mikrotik_api_status: 'connected', mikrotik_health: expect.objectContaining({ identity: expect.any(String), version: expect.any(String), uptime: expect.any(String) }) });
    expect(events).toContainEqual(expect.objectContaining({ type: 'peer.status', data: expect.objectContaining({ peerId: hubId, isOnline: true }) }));

    // A router that stops answering goes offline.
    await router.close();
    await eventually(async () => (await t.database.manager.query(`SELECT is_online, mikrotik_api_status FROM peer WHERE id = $1`, [routerIds[0]]))[0].is_online === false, 10_000, 'the router to go offline');
  });
});
