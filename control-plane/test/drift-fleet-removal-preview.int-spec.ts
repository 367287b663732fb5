import { managedComment } from '@wom/renderers';
import type { EmulatedRouter } from '@wom/routeros';
import request from 'supertest';
import { createRouterWan, RouterLab, waitForJob } from './harness/mikrotik-routers';
import { startTestApp, type TestApp } from './harness/test-app';

/**
 * The WAN's drift in one call, and previews of deletes computed by the delete itself (real
 * PostgreSQL, RouterOS emulator): what the preview names is what the delete then does.
 */
describe('fleet drift and removal previews (real PostgreSQL, RouterOS emulator)', () => {
  let t: TestApp;
  let lab: RouterLab;
  let wanId: string;
  let hubId: string;
  let routerIds: string[];
  let router: EmulatedRouter;
  const api = () => request(t.http);

  beforeAll(async () => {
    t = await startTestApp({ JOB_POLL_INTERVAL_MS: '50', DRIFT_CHECK_CRON: 'off', WOM_MASTER_KEY: 'f'.repeat(64), RATE_LIMIT_HEAVY: '0' });
    lab = new RouterLab(t);
    ({ wanId, hubId, routerIds } = await createRouterWan(t, 'fleet-drift', 2));
    router = await lab.addRouter(routerIds[0]!);
    // The second router is reachable but never deployed to.
    await lab.addRouter(routerIds[1]!);
    const deployed = await waitForJob(t, (await api().post(`/api/peers/${routerIds[0]}/mikrotik/deploy`).send({}).expect(202)).body.id);
    expect(deployed.status).toBe('completed');
  }, 60_000);
  afterAll(async () => {
    await lab.close();
    await t.close();
  });

  it('lists every router of the WAN with its latest drift by kind, drifted first, one page at a time', async () => {
    const before = (await api().get(`/api/wan/${wanId}/drift`).expect(200)).body;
    expect(before).toMatchObject({ total: 2, drifted: 0, limit: 50, offset: 0 });
    expect(before.items.map((item: { state: string }) => item.state)).toEqual(['unchecked', 'unchecked']);

    // Behind the product's back: a managed row removed, another changed, a stray one added.
    const ours = (menu: string) => router.state.rows(menu).filter((row) => (row['comment'] ?? '').startsWith('WAN-Overlay-Manager:'));
    const iface = ours('/interface/wireguard')[0]!;
    router.state.update('/interface/wireguard', iface['.id']!, { mtu: '1280' });
    router.state.remove('/ip/firewall/address-list', ours('/ip/firewall/address-list')[0]!['.id']!);
    router.state.create('/ip/route', { 'dst-address': '10.124.0.0/24', gateway: iface['name']!, comment: managedComment(routerIds[0]!, 'route:10.124.0.0/24') });
    const report = (await api().post(`/api/peers/${routerIds[0]}/mikrotik/drift`).expect(200)).body;

    const after = (await api().get(`/api/wan/${wanId}/drift`).expect(200)).body;
    expect(after).toMatchObject({ total: 2, drifted: 1 });
    expect(after.items[0]).toEqual({
      peerId: routerIds[0],
      name: expect.any(String),
      type: 'mikrotik',
      deploymentMode: expect.any(String),
      source: 'router',
      isOnline: expect.any(Boolean),
      state: 'drifted',
      checkedAt: report.checkedAt,
      kinds: { missing: 1, mismatched: 1, unknown: 1, misplaced: 0 },
      entries: report.entries.length,
    });
    expect(after.items[1]).toMatchObject({ peerId: routerIds[1], state: 'unchecked', checkedAt: null });

    const page = (await api().get(`/api/wan/${wanId}/drift?limit=1&offset=1`).expect(200)).body;
    expect(page).toMatchObject({ total: 2, drifted: 1, limit: 1, offset: 1, items: [{ peerId: routerIds[1] }] });
    const drifted = (await api().get(`/api/wan/${wanId}/drift?state=drifted`).expect(200)).body;
    expect(drifted).toMatchObject({ total: 1, items: [{ peerId: routerIds[0] }] });
    const empty = (await api().get(`/api/wan/${wanId}/drift?offset=10`).expect(200)).body;
    expect(empty).toMatchObject({ total: 2, drifted: 1, items: [] });
  });

  it('answers bad fleet queries with a 4xx naming the field', async () => {
    expect((await api().get(`/api/wan/${wanId}/drift?state=sideways`).expect(400)).body.fields[0].field).toBe('state');
    expect((await api().get(`/api/wan/${wanId}/drift?limit=0`).expect(400)).body.fields[0].field).toBe('limit');
    expect((await api().get(`/api/wan/00000000-0000-4000-8000-000000000000/drift`).expect(404)).body.code).toBe('WAN.NOT_FOUND');
  });

  it('previews a service delete with the jobs the delete then queues, and leaves nothing behind', async () => {
    const service = (await api().post(`/api/peers/${hubId}/services`).send({ name: 'intranet', localIp: '192.168.60.5', localPort: 443, protocol: 'tcp' }).expect(201)).body;
    const jobsBefore = (await api().get(`/api/jobs?limit=500`).expect(200)).body.total as number;

    const preview = (await api().get(`/api/services/${service.id}/removal-preview`).expect(200)).body;
    expect(preview).toMatchObject({ removedNow: true, jobCount: 1 });
    expect(preview.devices).toEqual(expect.arrayContaining([
      expect.objectContaining({ peerId: routerIds[0], change: 'redeploy', jobType: 'deploy-config' }),
      expect.objectContaining({ peerId: routerIds[1], change: 'next-deploy', jobType: null }),
    ]));
    expect(preview.summary).toContain('Service intranet goes at once');
    // The dry run rolled back: the service is still there and no job was queued.
    await api().get(`/api/services/${service.id}`).expect(200);
    expect((await api().get(`/api/jobs?limit=500`).expect(200)).body.total).toBe(jobsBefore);

    const deleted = (await api().delete(`/api/services/${service.id}`).expect(202)).body;
    expect(deleted.jobIds).toHaveLength(preview.jobCount);
    const job = (await api().get(`/api/jobs/${deleted.jobIds[0]}`).expect(200)).body;
    expect(job).toMatchObject({ peerId: routerIds[0], jobType: 'deploy-config' });
    await waitForJob(t, job.id);
    await api().get(`/api/services/${service.id}/removal-preview`).expect(404);
  });

  it('previews a WAN delete with its undeploys and keepOnDevice, without deleting anything', async () => {
    const preview = (await api().get(`/api/wan/${wanId}/removal-preview`).expect(200)).body;
    expect(preview).toMatchObject({ removedNow: false, jobCount: 1 });
    expect(preview.devices[0]).toMatchObject({ peerId: routerIds[0], change: 'undeploy', jobType: 'undeploy' });
    expect(preview.devices.map((d: { peerId: string; change: string }) => [d.peerId, d.change])).toEqual(expect.arrayContaining([[hubId, 'forgotten'], [routerIds[1], 'forgotten']]));

    const kept = (await api().get(`/api/wan/${wanId}/removal-preview?keepOnDevice=true`).expect(200)).body;
    expect(kept).toMatchObject({ removedNow: true, jobCount: 0 });
    expect(kept.devices).toEqual(expect.arrayContaining([expect.objectContaining({ peerId: routerIds[0], change: 'left-on-device' })]));
    expect((await api().get(`/api/wan/${wanId}/removal-preview?keepOnDevice=maybe`).expect(400)).body.fields[0].field).toBe('keepOnDevice');

    // Still all there, and the delete itself does what the preview said.
    expect((await api().get(`/api/wan/${wanId}/peers`).expect(200)).body.total).toBe(3);
    const deleted = (await api().delete(`/api/wan/${wanId}`).expect(202)).body;
    expect(deleted).toMatchObject({ status: 'removing', jobIds: [expect.any(String)] });
    expect((await api().get(`/api/jobs/${deleted.jobIds[0]}`).expect(200)).body).toMatchObject({ peerId: routerIds[0], jobType: 'undeploy' });
  });
});
