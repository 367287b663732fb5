import { loadBranchOfficeScenario, type EmulatedRouter } from '@wom/routeros';
import request from 'supertest';
import { configRows, createRouterWan, eventually, managedRows, RouterLab, waitForJob } from './harness/mikrotik-routers';
import { startTestApp, type TestApp } from './harness/test-app';

type Rows = Record<string, Record<string, string>[]>;

/** Every row that is not ours, per menu: what a removal must leave byte-identical. */
const foreignRows = (router: EmulatedRouter): Rows =>
  Object.fromEntries(Object.entries(configRows(router)).map(([menu, rows]) => [menu, rows.filter((row) => !(row['comment'] ?? '').startsWith('WAN-Overlay-Manager'))]));
const managedCount = (router: EmulatedRouter): number => Object.values(managedRows(router)).reduce((sum, rows) => sum + rows.length, 0);

describe('delete is an undeploy: peers and WANs leave their routers clean (real PostgreSQL, RouterOS emulator)', () => {
  let t: TestApp;
  let lab: RouterLab;
  beforeAll(async () => {
    t = await startTestApp({ JOB_POLL_INTERVAL_MS: '50', DRIFT_CHECK_CRON: 'off', MONITOR_INTERVAL_SECONDS: '0', WOM_MASTER_KEY: 'c'.repeat(64), RATE_LIMIT_HEAVY: '0', REMOVAL_RETRY_SECONDS: '1' });
    lab = new RouterLab(t);
  });
  afterAll(async () => {
    await lab.close();
    await t.close();
  });

  const api = () => request(t.http);
  const deployed = async (peerId: string): Promise<void> => {
    const id = (await api().post(`/api/peers/${peerId}/mikrotik/deploy`).send({}).expect(202)).body.id as string;
    expect(await waitForJob(t, id)).toMatchObject({ status: 'completed' });
  };
  const gone = (path: string) => eventually(async () => (await api().get(path)).status === 404, 30_000, `${path} to be gone`);
  const auditOf = async (action: string, entityId: string) =>
    (await t.database.manager.query(`SELECT after FROM audit_log WHERE action = $1 AND resource_id = $2 ORDER BY at`, [action, entityId])) as { after: Record<string, unknown> | null }[];

  it('deleting a deployed router undeploys it: 202 with the job, "removing" meanwhile, then 0 managed rows, every foreign row identical, and the peer gone', async () => {
    const { wanId, routerIds } = await createRouterWan(t, 'removal-peer', 2);
    const router = await lab.addRouter(routerIds[0]!, { identity: 'branch-1' });
    loadBranchOfficeScenario(router.state);
    const foreign = foreignRows(router);
    await deployed(routerIds[0]!);
    expect(managedCount(router)).toBeGreaterThan(5);

    // The preview names exactly our rows as deletions, and writes nothing.
    const writes = router.writeCalls().length;
    const preview = (await api().get(`/api/peers/${routerIds[0]}/mikrotik/removal-preview`).expect(200)).body as { calls: { method: string; comment: string }[] };
    expect(preview.calls).toHaveLength(managedCount(router));
    expect(preview.calls.filter((call) => call.method !== 'DELETE' || !call.comment.startsWith('WAN-Overlay-Manager:'))).toEqual([]);
    expect(router.writeCalls()).toHaveLength(writes);

    // A slow router keeps the removal going long enough to look at it.
    router.setLatency(250);
    const answer = await api().delete(`/api/peers/${routerIds[0]}`).expect(202);
    expect(answer.body).toEqual({ status: 'removing', jobIds: [expect.any(String)] });
    const jobId = answer.body.jobIds[0] as string;
    // Meanwhile the peer is visible as being removed, and left everyone else's configuration.
    expect((await api().get(`/api/peers/${routerIds[0]}`).expect(200)).body.removal).toEqual({ requestedAt: expect.any(String), attempts: 1, lastError: null });
    expect((await api().get(`/api/wan/${wanId}/topology`).expect(200)).text).not.toContain(routerIds[0]);
    expect((await api().get(`/api/jobs/${jobId}`).expect(200)).body).toMatchObject({ jobType: 'undeploy', peerId: routerIds[0] });

    await gone(`/api/peers/${routerIds[0]}`);
    router.setLatency(0);
    expect(managedCount(router)).toBe(0);
    expect(foreignRows(router)).toEqual(foreign);
    expect(await auditOf('peer.removed', routerIds[0]!)).toEqual([{ after: expect.objectContaining({ undeployJobId: jobId, writeCount: expect.any(Number) }) }]);
    expect(await auditOf('peer.delete', routerIds[0]!)).toEqual([{ after: { removal: 'undeploy', undeployJobIds: [jobId] } }]);

    // The same router added again deploys cleanly: nothing of the old peer is in the way.
    const again = (await api().post(`/api/wan/${wanId}/peers`).send({ name: 'branch-1', type: 'mikrotik', subnets: [{ cidr: '192.168.10.0/24' }] }).expect(201)).body.id as string;
    await lab.connect(again, router);
    await deployed(again);
    expect(managedCount(router)).toBeGreaterThan(5);
    expect(foreignRows(router)).toEqual(foreign);
  });

  it('a peer that never reached a device is deleted at once (204), and keepOnDevice leaves the rows and says so', async () => {
    const { routerIds } = await createRouterWan(t, 'removal-keep', 2);
    await api().delete(`/api/peers/${routerIds[1]}`).expect(204);
    const router = await lab.addRouter(routerIds[0]!);
    await deployed(routerIds[0]!);
    const before = configRows(router);
    await api().delete(`/api/peers/${routerIds[0]}?keepOnDevice=true`).expect(204);
    expect(configRows(router)).toEqual(before);
    expect(await auditOf('peer.delete', routerIds[0]!)).toEqual([{ after: { removal: 'keepOnDevice', leftOnDevice: true } }]);
    await api().delete(`/api/peers/${routerIds[0]}?keepOnDevice=maybe`).expect(400);
  });

  it('an unreachable router: the delete is accepted, the failure is shown and retried, the router is cleaned once it answers', async () => {
    const { routerIds } = await createRouterWan(t, 'removal-retry', 1);
    const router = await lab.addRouter(routerIds[0]!);
    await deployed(routerIds[0]!);
    const { host, port } = router;
    await router.close();
    await api().delete(`/api/peers/${routerIds[0]}`).expect(202);
    const failing = await eventually(async () => {
      const peer = (await api().get(`/api/peers/${routerIds[0]}`).expect(200)).body;
      return peer.removal?.lastError && peer.removal.attempts >= 2 ? peer : null;
    }, 60_000, 'a failed removal to be shown and retried');
    expect(failing.removal.lastError).toEqual(expect.any(String));
    // Nothing else may be asked of a peer being removed.
    expect((await api().put(`/api/peers/${routerIds[0]}`).send({ name: 'renamed' }).expect(409)).body.code).toBe('PEER.REMOVING');
    await router.listen(port, host);
    await gone(`/api/peers/${routerIds[0]}`);
    expect(managedCount(router)).toBe(0);
  }, 90_000);

  it('force forgets a removal that will never finish, and the audit log says its rows stay', async () => {
    const { routerIds } = await createRouterWan(t, 'removal-force', 1);
    const router = await lab.addRouter(routerIds[0]!);
    await deployed(routerIds[0]!);
    await router.close();
    await api().delete(`/api/peers/${routerIds[0]}`).expect(202);
    await api().delete(`/api/peers/${routerIds[0]}?force=true`).expect(204);
    await api().get(`/api/peers/${routerIds[0]}`).expect(404);
    expect((await auditOf('peer.delete', routerIds[0]!)).at(-1)).toEqual({ after: { removal: 'forced', leftOnDevice: true } });
  });

  it('deleting a WAN undeploys each of its routers, then the WAN goes; nothing can be added meanwhile', async () => {
    const { wanId, routerIds } = await createRouterWan(t, 'removal-wan', 2);
    const routers = [await lab.addRouter(routerIds[0]!), await lab.addRouter(routerIds[1]!)];
    for (const router of routers) loadBranchOfficeScenario(router.state);
    const foreign = routers.map(foreignRows);
    for (const id of routerIds) await deployed(id);
    // The second router is slow, so the WAN is still being removed when we look.
    routers[1]!.setLatency(300);

    const answer = await api().delete(`/api/wan/${wanId}`).expect(202);
    expect(answer.body).toEqual({ status: 'removing', jobIds: [expect.any(String), expect.any(String)] });
    const refused = await api().post(`/api/wan/${wanId}/peers`).send({ name: 'late', type: 'server', publicKey: 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=' }).expect(409);
    expect(refused.body.code).toBe('WAN.REMOVING');

    await gone(`/api/wan/${wanId}`);
    routers.forEach((router, i) => {
      expect(managedCount(router)).toBe(0);
      expect(foreignRows(router)).toEqual(foreign[i]);
    });
  });

  it('deleting a published service takes its NAT rule off the router, and deleting a peer updates the routers that listed it', async () => {
    const { wanId, routerIds } = await createRouterWan(t, 'removal-service', 2);
    // A mesh with endpoints, so each router lists the other as a WireGuard peer.
    await api().put(`/api/wan/${wanId}`).send({ topologyType: 'mesh' }).expect(200);
    for (const [i, id] of routerIds.entries()) await api().put(`/api/peers/${id}`).send({ endpoint: `198.51.100.${i + 1}:51820`, listenPort: 51820 }).expect(200);
    const routers = [await lab.addRouter(routerIds[0]!), await lab.addRouter(routerIds[1]!)];
    const service = (await api().post(`/api/peers/${routerIds[0]}/services`).send({ name: 'nas', localIp: '192.168.10.20', localPort: 445, protocol: 'tcp' }).expect(201)).body as { id: string; sharedIp: string };
    // branch-1 again once branch-2 has made its key, so it lists branch-2.
    for (const id of [...routerIds, routerIds[0]!]) await deployed(id);
    const natOf = (router: EmulatedRouter) => managedRows(router)['/ip/firewall/nat']!.filter((row) => row['to-addresses'] === '192.168.10.20');
    expect(natOf(routers[0]!)).toHaveLength(1);

    const answer = await api().delete(`/api/services/${service.id}`).expect(202);
    expect(answer.body).toEqual({ status: 'removed', jobIds: [expect.any(String), expect.any(String)] });
    for (const jobId of answer.body.jobIds as string[]) expect(await waitForJob(t, jobId)).toMatchObject({ status: 'completed', jobType: 'deploy-config' });
    expect(natOf(routers[0]!)).toEqual([]);

    // branch-1 lists branch-2 as a WireGuard peer until branch-2 is deleted.
    const key = (await api().get(`/api/peers/${routerIds[1]}`).expect(200)).body.publicKey as string;
    const lists = () => managedRows(routers[0]!)['/interface/wireguard/peers']!.some((row) => row['public-key'] === key);
    expect(lists()).toBe(true);
    const removal = (await api().delete(`/api/peers/${routerIds[1]}`).expect(202)).body as { jobIds: string[] };
    expect(removal.jobIds).toHaveLength(2);
    await gone(`/api/peers/${routerIds[1]}`);
    await eventually(async () => !lists(), 30_000, 'branch-1 to drop branch-2');
    expect(managedCount(routers[1]!)).toBe(0);
  });

  it('switching a router from API to manual deployment takes our rows off it and keeps the peer', async () => {
    const { routerIds } = await createRouterWan(t, 'removal-mode', 1);
    const router = await lab.addRouter(routerIds[0]!);
    await api().put(`/api/peers/${routerIds[0]}`).send({ deploymentMode: 'mikrotik-api' }).expect(200);
    await deployed(routerIds[0]!);
    await api().put(`/api/peers/${routerIds[0]}`).send({ deploymentMode: 'mikrotik-script' }).expect(200);
    await eventually(async () => managedCount(router) === 0, 30_000, 'the rows to come off');
    expect((await api().get(`/api/peers/${routerIds[0]}`).expect(200)).body).toMatchObject({ deploymentMode: 'mikrotik-script', removal: null });
  });
});
