import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { PeerEntity } from '../src/database/entities';
import { RouterClientFactory } from '../src/mikrotik/router-client.factory';
import { startMultiUserApp, startTestApp, type MultiUserTestApp, type TestApp } from './harness/test-app';

/** A stand-in for anything beside the control plane: counts every request that reaches it. */
class Listener {
  readonly requests: string[] = [];
  private readonly server: Server = createServer((req, res) => {
    this.requests.push(`${req.method} ${req.url} auth=${req.headers.authorization ? 'yes' : 'no'}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return (this.server.address() as AddressInfo).port;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The address the control plane is configured to listen on (it need not be bound: the rule reads the setting). */
const OWN_ADDRESS = '198.51.100.7';
const ROUTER = { apiPort: 8728, useSsl: false, username: 'wom', password: 'router-pass-1' };

describe('router management addresses (real PostgreSQL)', () => {
  let t: MultiUserTestApp;
  let dataDir: string;
  const listener = new Listener();
  let listenerPort = 0;
  const as: Record<'admin' | 'readOnly', Record<string, string>> = { admin: {}, readOnly: {} };
  const api = () => request(t.http);

  beforeAll(async () => {
    listenerPort = await listener.start();
    dataDir = mkdtempSync(join(tmpdir(), 'wom-router-address-'));
    t = await startMultiUserApp({ ROUTER_ALLOW_LOOPBACK: 'false', HOST: OWN_ADDRESS, DATA_DIR: dataDir, RATE_LIMIT_AUTH: '0', RATE_LIMIT_DEFAULT: '0' });
    const first = await api().post('/api/auth/login').send({ username: 'admin', password: t.bootstrapPassword }).expect(200);
    const password = `admin-${randomBytes(12).toString('hex')}`;
    await api().post('/api/auth/password').set({ Authorization: `Bearer ${first.body.accessToken}` }).send({ currentPassword: t.bootstrapPassword, newPassword: password }).expect(204);
    as.admin = { Authorization: `Bearer ${(await api().post('/api/auth/login').send({ username: 'admin', password }).expect(200)).body.accessToken}` };
    await api().post('/api/users').set(as.admin).send({ username: 'viewer', password: 'viewer-password-1', role: 'read-only', mustChangePassword: false }).expect(201);
    as.readOnly = { Authorization: `Bearer ${(await api().post('/api/auth/login').send({ username: 'viewer', password: 'viewer-password-1' }).expect(200)).body.accessToken}` };
  });
  afterAll(async () => {
    await t?.close();
    await listener.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const newRouter = async (): Promise<string> => {
    const wan = await api().post('/api/wan').set(as.admin).send({ name: `w-${randomBytes(4).toString('hex')}` }).expect(201);
    return (await api().post(`/api/wan/${wan.body.id}/peers`).set(as.admin).send({ name: 'r1', type: 'mikrotik', mikrotik: { managementIp: '192.0.2.50', ...ROUTER } }).expect(201)).body.id;
  };

  /** Polls the job until it ends; bounded by a generous deadline. */
  const jobEnd = async (jobId: string): Promise<{ status: string; errorMessage: string | null }> => {
    const until = Date.now() + 30_000;
    for (;;) {
      const job = (await api().get(`/api/jobs/${jobId}`).set(as.readOnly).expect(200)).body;
      if (['completed', 'failed', 'cancelled'].includes(job.status)) return job;
      if (Date.now() > until) throw new Error(`job ${jobId} is still ${job.status}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it.each([
    ['loopback', '127.0.0.1', /loopback/],
    ['loopback (another 127/8 address)', '127.3.2.1', /loopback/],
    ['IPv6 loopback', '::1', /loopback/],
    ['link-local (cloud metadata)', '169.254.169.254', /link-local/],
    ['IPv6 link-local', 'fe80::1', /link-local/],
    ['multicast', '224.0.0.5', /multicast/],
    ['IPv6 multicast', 'ff02::1', /multicast/],
    ['unspecified', '0.0.0.0', /unspecified/],
    ['IPv6 unspecified', '::', /unspecified/],
    ['the control plane’s own listen address', OWN_ADDRESS, /listens on/],
  ])('management address %s: refused with a 400 naming the field, nothing changed', async (_kind, address, reason) => {
    const peerId = await newRouter();
    const res = await api().put(`/api/peers/${peerId}`).set(as.admin).send({ mikrotik: { managementIp: address } });
    expect({ status: res.status, code: res.body.code, fields: res.body.fields }).toEqual({
      status: 400,
      code: 'VALIDATION.FAILED',
      fields: [{ field: 'mikrotik.managementIp', reason: expect.stringMatching(reason) }],
    });
    expect((await api().get(`/api/peers/${peerId}`).set(as.admin).expect(200)).body.mikrotik.managementIp).toBe('192.0.2.50');
  });

  it('refuses one on create too, and stores no peer', async () => {
    const wan = await api().post('/api/wan').set(as.admin).send({ name: `w-${randomBytes(4).toString('hex')}` }).expect(201);
    const res = await api().post(`/api/wan/${wan.body.id}/peers`).set(as.admin).send({ name: 'r1', type: 'mikrotik', mikrotik: { managementIp: '127.0.0.1', ...ROUTER } });
    expect({ status: res.status, field: res.body.fields?.[0]?.field }).toEqual({ status: 400, field: 'mikrotik.managementIp' });
    expect((await api().get(`/api/wan/${wan.body.id}/peers`).set(as.admin).expect(200)).body.total).toBe(0);
  });

  it('refuses a host name that resolves to loopback when a read-only user asks for the router’s status: nothing reaches it', async () => {
    const peerId = await newRouter();
    await api().put(`/api/peers/${peerId}`).set(as.admin).send({ mikrotik: { managementIp: 'localhost', apiPort: listenerPort } }).expect(200);
    const res = await api().get(`/api/peers/${peerId}/mikrotik/status`).set(as.readOnly);
    expect({ status: res.status, code: res.body.code, fields: res.body.fields }).toEqual({
      status: 409,
      code: 'MIKROTIK.NOT_CONFIGURED',
      fields: [{ field: 'mikrotik.managementIp', reason: expect.stringMatching(/localhost resolves to 127\.0\.0\.1 is a loopback address/) }],
    });
    await api().get(`/api/peers/${peerId}/mikrotik/diff`).set(as.readOnly).expect(409);
    // A job is refused the same way, inside the RouterOS client.
    const job = await api().post(`/api/peers/${peerId}/mikrotik/verify`).set(as.admin).expect(202);
    const ended = await jobEnd(job.body.id);
    expect(ended).toMatchObject({ status: 'failed', errorMessage: expect.stringMatching(/localhost resolves to 127\.0\.0\.1/) });
    expect(listener.requests).toEqual([]);
  });

  it('reports a host name that does not resolve as an unreachable router, as before', async () => {
    const peerId = await newRouter();
    await api().put(`/api/peers/${peerId}`).set(as.admin).send({ mikrotik: { managementIp: 'no-such-router.invalid' } }).expect(200);
    const res = await api().get(`/api/peers/${peerId}/mikrotik/status`).set(as.readOnly).expect(200);
    expect(res.body.connection).toMatchObject({ status: 'unreachable', error: { code: 'ROUTEROS.UNREACHABLE' } });
  });

  it('refuses a loopback address stored before the rule existed: the status request never reaches it', async () => {
    const peerId = await newRouter();
    await t.database.manager.update(PeerEntity, { id: peerId }, { mikrotikManagementIp: '127.0.0.1', mikrotikApiPort: listenerPort });
    const res = await api().get(`/api/peers/${peerId}/mikrotik/status`).set(as.readOnly);
    expect({ status: res.status, code: res.body.code, reason: res.body.fields?.[0]?.reason }).toEqual({ status: 409, code: 'MIKROTIK.NOT_CONFIGURED', reason: expect.stringMatching(/loopback/) });
    expect(listener.requests).toEqual([]);
  });
});

describe('router requests in a lab (ROUTER_ALLOW_LOOPBACK=true)', () => {
  let t: TestApp;
  const listener = new Listener();
  let listenerPort = 0;
  const api = () => request(t.http);

  beforeAll(async () => {
    listenerPort = await listener.start();
    t = await startTestApp({ ROUTER_ALLOW_LOOPBACK: 'true', JOB_RUNNER_ENABLED: 'false' });
  });
  afterAll(async () => {
    await t?.close();
    await listener.close();
  });

  const routerAt = async (managementIp: string, apiPort: number): Promise<string> => {
    const wan = await api().post('/api/wan').send({ name: `w-${randomBytes(4).toString('hex')}` }).expect(201);
    return (await api().post(`/api/wan/${wan.body.id}/peers`).send({ name: 'r1', type: 'mikrotik', mikrotik: { ...ROUTER, managementIp, apiPort } }).expect(201)).body.id;
  };

  it('reaches a stored loopback router (the listener does count requests)', async () => {
    const peerId = await routerAt('127.0.0.1', listenerPort);
    await api().get(`/api/peers/${peerId}/mikrotik/status`).expect(200);
    expect(listener.requests.length).toBeGreaterThan(0);
    expect(listener.requests[0]).toMatch(/^GET \/rest\/.* auth=yes$/);
  });

  it('sends nothing to an address that is not the one stored for the router', async () => {
    const peerId = await routerAt('192.0.2.60', 8728);
    listener.requests.length = 0;
    const stored = await t.database.manager.findOneByOrFail(PeerEntity, { id: peerId });
    // The same router, pointed at the listener in memory only: the client checks the database, not the caller.
    const client = t.app.get(RouterClientFactory).forPeer({ ...stored, mikrotikManagementIp: '127.0.0.1', mikrotikApiPort: listenerPort } as PeerEntity, { maxAttempts: 1 });
    try {
      await expect(client.resource()).rejects.toMatchObject({ code: 'ROUTEROS.UNREACHABLE', detail: expect.stringMatching(/not the management address stored for this router/) });
    } finally {
      await client.close();
    }
    expect(listener.requests).toEqual([]);
  });

  it('still refuses the control plane’s own port on loopback', async () => {
    const wan = await api().post('/api/wan').send({ name: `w-${randomBytes(4).toString('hex')}` }).expect(201);
    // PORT is unset in the spec, so the control plane's port is the default 8080.
    const res = await api().post(`/api/wan/${wan.body.id}/peers`).send({ name: 'r1', type: 'mikrotik', mikrotik: { ...ROUTER, managementIp: '127.0.0.1', apiPort: 8080 } });
    expect({ status: res.status, reason: res.body.fields?.[0]?.reason }).toEqual({ status: 400, reason: expect.stringMatching(/own listener/) });
  });
});
