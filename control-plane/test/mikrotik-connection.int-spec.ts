import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { configRows, createRouterWan, RouterLab, ROUTER_PASSWORD, selfSignedCertificate, waitForJob, writeCalls } from './harness/mikrotik-routers';
import { startTestApp, type TestApp } from './harness/test-app';

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('MikroTik connection, preview, diff and status against the RouterOS emulator (real PostgreSQL)', () => {
  let t: TestApp;
  let lab: RouterLab;
  let wanId: string;
  let routerIds: string[];
  beforeAll(async () => {
    t = await startTestApp({ JOB_POLL_INTERVAL_MS: '50', DRIFT_CHECK_CRON: 'off', MONITOR_INTERVAL_SECONDS: '0', WOM_MASTER_KEY: 'a'.repeat(64) });
    lab = new RouterLab(t);
    ({ wanId, routerIds } = await createRouterWan(t, 'conn', 5));
  });
  afterAll(async () => {
    await lab.close();
    await t.close();
  });

  const api = () => request(t.http);
  const peer = async (id: string) => (await t.database.manager.query(`SELECT * FROM peer WHERE id = $1`, [id]))[0];
  const testConnection = async (peerId: string) => waitForJob(t, (await api().post(`/api/peers/${peerId}/mikrotik/test-connection`).send({}).expect(202)).body.id);

  it('reports a reachable router as connected with its identity and version', async () => {
    await lab.addRouter(routerIds[0]!, { identity: 'branch-one', version: '7.19.4 (stable)' });
    const job = await testConnection(routerIds[0]!);
    expect(job).toMatchObject({ status: 'completed', progressPercent: 100, result: expect.objectContaining({ status: 'connected', identity: 'branch-one' }) });
    const row = await peer(routerIds[0]!);
    expect(row).toMatchObject({ mikrotik_api_status: 'connected', mikrotik_router_identity: 'branch-one', mikrotik_routeros_version: '7.19.4 (stable)' });
    expect(row.mikrotik_last_api_check).toBeInstanceOf(Date);
    const logs = (await api().get(`/api/jobs/${job.id}/logs`).expect(200)).body;
    expect(logs.total).toBeGreaterThan(0);
    expect(logs.items.every((call: { method: string; responseStatus: number }) => call.method === 'GET' && call.responseStatus === 200)).toBe(true);
  });

  it('reports a wrong password as auth-failed and never stores or returns the password', async () => {
    await lab.addRouter(routerIds[1]!, { password: 'not-the-password' });
    const job = await testConnection(routerIds[1]!);
    expect(job.status).toBe('failed');
    expect(job.result).toMatchObject({ status: 'auth-failed' });
    expect((await peer(routerIds[1]!)).mikrotik_api_status).toBe('auth-failed');
    const logs = (await api().get(`/api/peers/${routerIds[1]}/mikrotik/logs`).expect(200)).body;
    expect(logs.items.some((call: { responseStatus: number }) => call.responseStatus === 401)).toBe(true);
    const everything = JSON.stringify([job, logs, (await api().get(`/api/peers/${routerIds[1]}`).expect(200)).body]);
    expect(everything).not.toContain('not-the-password');
    expect(everything).not.toContain(ROUTER_PASSWORD);
    expect((await peer(routerIds[1]!)).mikrotik_password).not.toContain('not-the-password');
  });

  it('reports a router nobody answers for as unreachable', async () => {
    await lab.connect(routerIds[2]!, { host: '127.0.0.1', port: await closedPort(), protocol: 'http' });
    const job = await testConnection(routerIds[2]!);
    expect(job).toMatchObject({ status: 'failed', result: expect.objectContaining({ status: 'unreachable' }) });
    expect((await peer(routerIds[2]!)).mikrotik_api_status).toBe('unreachable');
    expect((await api().get(`/api/peers/${routerIds[2]}/mikrotik/diff`).expect(502)).body.code).toBe('MIKROTIK.ROUTER_UNAVAILABLE');
  });

  it('reports RouterOS v6 (no REST API) as incompatible', async () => {
    await lab.addRouter(routerIds[3]!, { version: '6.49.10 (long-term)' });
    const job = await testConnection(routerIds[3]!);
    expect(job).toMatchObject({ status: 'failed', result: expect.objectContaining({ status: 'incompatible', restAvailable: false }) });
    expect((await peer(routerIds[3]!)).mikrotik_api_status).toBe('incompatible');
  });

  it('talks HTTPS to a self-signed router: certificate checks off by default, on with its CA', async () => {
    const tls = selfSignedCertificate();
    await lab.addRouter(routerIds[4]!, { tls, identity: 'tls-branch' });
    expect((await testConnection(routerIds[4]!)).result).toMatchObject({ status: 'connected', identity: 'tls-branch' });
    // Verification on without the router's CA must fail the handshake, not silently pass.
    await t.database.manager.query(`UPDATE peer SET mikrotik_verify_cert = true WHERE id = $1`, [routerIds[4]]);
    expect((await testConnection(routerIds[4]!)).status).toBe('failed');
    // With the router's certificate as the trusted CA it verifies.
    await t.database.manager.query(`UPDATE peer SET mikrotik_ca_certificate = $2 WHERE id = $1`, [routerIds[4], tls.cert]);
    expect((await testConnection(routerIds[4]!)).result).toMatchObject({ status: 'connected', identity: 'tls-branch' });
  });

  it('previews and diffs without writing to the router', async () => {
    const router = lab.emulator.router(lab.emulator.list()[0]!.name);
    const before = configRows(router);
    const writesBefore = writeCalls(router);
    const preview = (await api().post(`/api/peers/${routerIds[0]}/mikrotik/preview`).send({}).expect(200)).body;
    expect(preview.peerId).toBe(routerIds[0]);
    expect(preview.calls.length).toBeGreaterThan(0);
    expect(preview.calls.every((call: { method: string }) => ['PUT', 'PATCH', 'DELETE', 'POST'].includes(call.method))).toBe(true);
    expect(preview.summary.create).toBeGreaterThan(0);
    const diff = (await api().get(`/api/peers/${routerIds[0]}/mikrotik/diff`).expect(200)).body;
    expect(diff.summary).toEqual(preview.summary);
    expect(diff).not.toHaveProperty('calls');
    expect(writeCalls(router)).toBe(writesBefore);
    expect(configRows(router)).toEqual(before);
    expect((await api().get(`/api/jobs?peerId=${routerIds[0]}&type=deploy-config`).expect(200)).body.total).toBe(0);
  });

  it('reads the router status synchronously', async () => {
    const status = (await api().get(`/api/peers/${routerIds[0]}/mikrotik/status`).expect(200)).body;
    expect(status).toMatchObject({ peerId: routerIds[0], connection: { status: 'connected', identity: 'branch-one' }, interfaceName: 'wg-wan-overlay', wireguardPeers: [] });
  });

  it('refuses a management address that is not a host', async () => {
    await t.database.manager.query(`UPDATE peer SET mikrotik_management_ip = $2 WHERE id = $1`, [routerIds[2], '127.0.0.1/rest?x=@evil']);
    const res = await api().post(`/api/peers/${routerIds[2]}/mikrotik/preview`).send({}).expect(409);
    expect(res.body).toMatchObject({ code: 'MIKROTIK.NOT_CONFIGURED', fields: [{ field: 'mikrotikManagementIp', reason: expect.any(String) }] });
    // A colon would end the user name inside the Basic credentials; a newline could split a header.
    await t.database.manager.query(`UPDATE peer SET mikrotik_management_ip = '127.0.0.1', mikrotik_username = $2 WHERE id = $1`, [routerIds[2], 'admin:x\r\nX-Evil: 1']);
    const job = await waitForJob(t, (await api().post(`/api/peers/${routerIds[2]}/mikrotik/deploy`).send({}).expect(202)).body.id);
    expect(job).toMatchObject({ status: 'failed', result: { fields: [expect.objectContaining({ field: 'mikrotikUsername' })] } });
    expect((await api().get(`/api/wan/${wanId}/peers`).expect(200)).body.total).toBe(6);
  });
});
