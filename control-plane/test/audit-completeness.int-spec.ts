import { randomBytes } from 'node:crypto';
import { RouterOsEmulator, type EmulatedRouter } from '@wom/routeros';
import request from 'supertest';
import { DeploymentJobEntity } from '../src/database/entities';
import { NatsClient } from '../src/nats/nats-client';
import { fakeAgentDist } from './harness/agent-dist';
import { startTestNats, type TestNats } from './harness/nats-server';
import { isEndpoint, registeredRoutes } from './harness/routes';
import { newAgentKeys } from './harness/simulated-agent';
import { startMultiUserApp, type MultiUserTestApp } from './harness/test-app';

/** One request to send: the path (with the fixture's ids), its body, and who sends it (the admin by default). */
interface Call {
  readonly path: string;
  readonly body?: object;
  readonly headers?: Record<string, string>;
}

interface WriteCase {
  /** The route as Express registered it: `METHOD /path/:param`. */
  readonly route: string;
  readonly call: (f: Fixtures) => Promise<Call>;
  /** The domain audit actions the request records; empty for a route marked @ChangesNothing. */
  readonly actions: readonly string[];
}

interface Fixtures {
  wan(topologyType?: string): Promise<string>;
  peer(wanId?: string, body?: object): Promise<string>;
  router(): Promise<{ wanId: string; peerId: string }>;
  service(): Promise<string>;
  conflict(): Promise<string>;
  connection(): Promise<string>;
  template(): Promise<string>;
  pendingJob(): Promise<string>;
  version(): Promise<{ peerId: string; versionId: string }>;
  completedDeployment(): Promise<string>;
  user(password?: string): Promise<{ id: string; username: string }>;
  /** A user signed in: the refresh cookie and the bearer header of its session. */
  session(): Promise<{ userId: string; cookie: string; bearer: Record<string, string> }>;
  apiKey(): Promise<string>;
  enrollmentToken(options?: object): Promise<{ id: string; token: string }>;
  agent(options?: object): Promise<string>;
}

let seq = 0;
const unique = (prefix: string) => `${prefix}-${++seq}-${randomBytes(3).toString('hex')}`;
const TEMPLATE_BODY = '[Interface]\nPrivateKey = {{PRIVATE_KEY}}\nAddress = {{TUNNEL_IP}}/32\n\n{{PEERS}}\n';
const USER_PASSWORD = 'audited-password-1';

/**
 * Actions that record an event rather than a change of state, so they carry no before/after:
 * a login or a token refresh changes no entity the trail could show.
 */
const EVENTS = new Set(['auth.login', 'auth.refresh']);

const CASES: readonly WriteCase[] = [
  // Authentication and administration
  { route: 'POST /api/auth/login', actions: ['auth.login'], call: async (f) => ({ path: '/api/auth/login', body: { username: (await f.user()).username, password: USER_PASSWORD }, headers: {} }) },
  {
    route: 'POST /api/auth/password',
    actions: ['user.change-password'],
    call: async (f) => {
      const { username } = await f.user();
      const login = await api().post('/api/auth/login').send({ username, password: USER_PASSWORD }).expect(200);
      return { path: '/api/auth/password', body: { currentPassword: USER_PASSWORD, newPassword: `${USER_PASSWORD}-new` }, headers: { Authorization: `Bearer ${login.body.accessToken}` } };
    },
  },
  { route: 'POST /api/auth/refresh', actions: ['auth.refresh'], call: async (f) => ({ path: '/api/auth/refresh', headers: { Cookie: (await f.session()).cookie } }) },
  { route: 'POST /api/auth/logout', actions: ['auth.logout'], call: async (f) => ({ path: '/api/auth/logout', headers: { Cookie: (await f.session()).cookie } }) },
  {
    route: 'DELETE /api/auth/sessions/:id',
    actions: ['session.revoke'],
    call: async (f) => {
      const { bearer } = await f.session();
      const [own] = (await api().get('/api/auth/sessions').set(bearer).expect(200)).body as { id: string }[];
      return { path: `/api/auth/sessions/${own!.id}`, headers: bearer };
    },
  },
  { route: 'DELETE /api/users/:id/sessions', actions: ['user.sessions-revoke'], call: async (f) => ({ path: `/api/users/${(await f.session()).userId}/sessions` }) },
  { route: 'POST /api/auth/signing-keys/rotate', actions: ['auth.signing-key.rotate'], call: async () => ({ path: '/api/auth/signing-keys/rotate' }) },
  { route: 'POST /api/users', actions: ['user.create'], call: async () => ({ path: '/api/users', body: { username: unique('u'), password: USER_PASSWORD, role: 'read-only' } }) },
  { route: 'PATCH /api/users/:id', actions: ['user.update'], call: async (f) => ({ path: `/api/users/${(await f.user()).id}`, body: { role: 'operator' } }) },
  { route: 'DELETE /api/users/:id', actions: ['user.delete'], call: async (f) => ({ path: `/api/users/${(await f.user()).id}` }) },
  { route: 'POST /api/api-keys', actions: ['api-key.create'], call: async () => ({ path: '/api/api-keys', body: { name: unique('k'), role: 'read-only' } }) },
  { route: 'DELETE /api/api-keys/:id', actions: ['api-key.revoke'], call: async (f) => ({ path: `/api/api-keys/${await f.apiKey()}` }) },
  // WANs, peers, links
  { route: 'POST /api/wan', actions: ['wan.create'], call: async () => ({ path: '/api/wan', body: { name: unique('w') } }) },
  { route: 'PUT /api/wan/:id', actions: ['wan.update'], call: async (f) => ({ path: `/api/wan/${await f.wan()}`, body: { description: 'changed' } }) },
  { route: 'DELETE /api/wan/:id', actions: ['wan.delete'], call: async (f) => ({ path: `/api/wan/${await f.wan()}` }) },
  { route: 'POST /api/wan/:wanId/peers', actions: ['peer.create'], call: async (f) => ({ path: `/api/wan/${await f.wan()}/peers`, body: { name: unique('p'), type: 'client' } }) },
  { route: 'PUT /api/peers/:id', actions: ['peer.update'], call: async (f) => ({ path: `/api/peers/${await f.peer()}`, body: { tags: ['x'] } }) },
  { route: 'DELETE /api/peers/:id', actions: ['peer.delete'], call: async (f) => ({ path: `/api/peers/${await f.peer()}` }) },
  { route: 'POST /api/peers/:id/regenerate-keys', actions: ['peer.regenerate-keys'], call: async (f) => ({ path: `/api/peers/${await f.peer()}/regenerate-keys` }) },
  { route: 'POST /api/peers/:id/check-conflicts', actions: [], call: async (f) => ({ path: `/api/peers/${await f.peer()}/check-conflicts`, body: {} }) },
  {
    route: 'POST /api/wan/:wanId/connections',
    actions: ['connection.create'],
    call: async (f) => {
      const wanId = await f.wan('hybrid');
      return { path: `/api/wan/${wanId}/connections`, body: { peerAId: await f.peer(wanId, { type: 'server' }), peerBId: await f.peer(wanId, { type: 'server' }) } };
    },
  },
  { route: 'DELETE /api/connections/:id', actions: ['connection.delete'], call: async (f) => ({ path: `/api/connections/${await f.connection()}` }) },
  { route: 'POST /api/wan/:wanId/regenerate-all', actions: ['wan.regenerate-configs'], call: async (f) => ({ path: `/api/wan/${await f.wan()}/regenerate-all` }) },
  { route: 'POST /api/peers/:id/history/:versionId/mark-applied', actions: ['history.mark-applied'], call: async (f) => {
    const { peerId, versionId } = await f.version();
    return { path: `/api/peers/${peerId}/history/${versionId}/mark-applied` };
  } },
  // Services, conflicts, templates
  { route: 'POST /api/peers/:peerId/services', actions: ['service.publish'], call: async (f) => ({ path: `/api/peers/${await f.peer(undefined, { type: 'server' })}/services`, body: { name: unique('svc'), localIp: '192.168.77.10', localPort: 443, protocol: 'tcp' } }) },
  { route: 'PUT /api/services/:id', actions: ['service.update'], call: async (f) => ({ path: `/api/services/${await f.service()}`, body: { description: 'changed' } }) },
  { route: 'DELETE /api/services/:id', actions: ['service.delete'], call: async (f) => ({ path: `/api/services/${await f.service()}` }) },
  { route: 'POST /api/conflicts/:id/resolve', actions: ['conflict.resolve'], call: async (f) => ({ path: `/api/conflicts/${await f.conflict()}/resolve`, body: { resolution: 'isolate' } }) },
  { route: 'POST /api/conflicts/:id/preview', actions: [], call: async (f) => ({ path: `/api/conflicts/${await f.conflict()}/preview`, body: { resolution: 'isolate' } }) },
  { route: 'POST /api/templates', actions: ['template.create'], call: async () => ({ path: '/api/templates', body: { name: unique('t'), peerType: 'client', body: TEMPLATE_BODY } }) },
  { route: 'PUT /api/templates/:id', actions: ['template.update'], call: async (f) => ({ path: `/api/templates/${await f.template()}`, body: { description: 'changed' } }) },
  { route: 'DELETE /api/templates/:id', actions: ['template.delete'], call: async (f) => ({ path: `/api/templates/${await f.template()}` }) },
  // Routers and jobs
  { route: 'POST /api/peers/:id/mikrotik/test-connection', actions: ['router.test-connection'], call: async (f) => ({ path: `/api/peers/${(await f.router()).peerId}/mikrotik/test-connection`, body: {} }) },
  { route: 'POST /api/peers/:id/mikrotik/executor', actions: ['router.assign-executor'], call: async (f) => ({ path: `/api/peers/${(await f.router()).peerId}/mikrotik/executor`, body: { agentId: null } }) },
  { route: 'POST /api/peers/:id/mikrotik/deploy', actions: ['router.deploy'], call: async (f) => ({ path: `/api/peers/${(await f.router()).peerId}/mikrotik/deploy`, body: {} }) },
  { route: 'POST /api/peers/:id/mikrotik/rollback', actions: ['router.rollback'], call: async (f) => ({ path: `/api/peers/${await f.completedDeployment()}/mikrotik/rollback`, body: {} }) },
  { route: 'POST /api/peers/:id/mikrotik/rollback/preview', actions: [], call: async (f) => ({ path: `/api/peers/${await f.completedDeployment()}/mikrotik/rollback/preview`, body: {} }) },
  { route: 'POST /api/peers/:id/mikrotik/preview', actions: [], call: async (f) => ({ path: `/api/peers/${(await f.router()).peerId}/mikrotik/preview`, body: {} }) },
  { route: 'POST /api/peers/:id/mikrotik/verify', actions: ['router.verify'], call: async (f) => ({ path: `/api/peers/${(await f.router()).peerId}/mikrotik/verify` }) },
  { route: 'POST /api/peers/:id/mikrotik/drift', actions: ['router.drift-check'], call: async (f) => ({ path: `/api/peers/${(await f.router()).peerId}/mikrotik/drift` }) },
  { route: 'POST /api/peers/:id/mikrotik/reconcile', actions: ['router.reconcile'], call: async (f) => ({ path: `/api/peers/${(await f.router()).peerId}/mikrotik/reconcile`, body: { removeUnknown: false } }) },
  { route: 'POST /api/wan/:id/mikrotik/drift', actions: ['wan.drift-check'], call: async (f) => ({ path: `/api/wan/${(await f.router()).wanId}/mikrotik/drift` }) },
  { route: 'POST /api/wan/:wanId/mikrotik/deploy-all', actions: ['wan.deploy-all'], call: async (f) => ({ path: `/api/wan/${(await f.router()).wanId}/mikrotik/deploy-all`, body: {} }) },
  { route: 'POST /api/jobs/:id/cancel', actions: ['job.cancel'], call: async (f) => ({ path: `/api/jobs/${await f.pendingJob()}/cancel` }) },
  {
    route: 'POST /api/jobs/:id/retry',
    actions: ['job.retry'],
    call: async (f) => {
      const id = await f.pendingJob();
      await api().post(`/api/jobs/${id}/cancel`).set(admin).expect(200);
      return { path: `/api/jobs/${id}/retry` };
    },
  },
  // Agents and enrollment
  { route: 'POST /api/enrollment-tokens', actions: ['enrollment-token.create'], call: async (f) => ({ path: '/api/enrollment-tokens', body: { wanId: await f.wan() } }) },
  { route: 'DELETE /api/enrollment-tokens/:id', actions: ['enrollment-token.revoke'], call: async (f) => ({ path: `/api/enrollment-tokens/${(await f.enrollmentToken()).id}` }) },
  {
    route: 'POST /api/agents/enroll',
    // The token creates the agent's peer, then the agent.
    actions: ['agent.enroll', 'peer.create'],
    call: async (f) => {
      const keys = newAgentKeys();
      const body = { token: (await f.enrollmentToken()).token, wireguardPublicKey: keys.wireguard.publicKey, natsPublicKey: keys.nats.publicKey, hostname: 'audited-box' };
      return { path: '/api/agents/enroll', body, headers: {} };
    },
  },
  { route: 'POST /api/agents/:id/approve', actions: ['agent.approve'], call: async (f) => ({ path: `/api/agents/${await f.agent({ requiresApproval: true })}/approve` }) },
  { route: 'POST /api/agents/:id/revoke', actions: ['agent.revoke'], call: async (f) => ({ path: `/api/agents/${await f.agent()}/revoke` }) },
];

/** Reads that hand out a secret: each must record who took which key, never the key. */
const SECRET_READS: readonly { readonly what: string; readonly path: (f: Fixtures) => Promise<string> }[] = [
  { what: 'a wg-quick file with its private key', path: async (f) => `/api/peers/${await f.peer()}/config?includePrivateKey=true` },
  { what: 'a QR code (it carries the private key)', path: async (f) => `/api/peers/${await f.peer()}/config/qr` },
  { what: 'a peer export with its private key', path: async (f) => `/api/peers/${await f.peer()}/export?includePrivateKeys=true` },
  {
    what: 'a WAN export with private keys',
    path: async (f) => {
      const wanId = await f.wan();
      await f.peer(wanId);
      return `/api/wan/${wanId}/export?includePrivateKeys=true`;
    },
  },
];

const WRITE = /^(POST|PUT|PATCH|DELETE) /;
let t: MultiUserTestApp;
let admin: Record<string, string> = {};
const api = () => request(t.http);

/**
 * The audit trail is complete (issue: every write records a domain entry): every write route
 * the app registers is called here, and each must leave exactly its domain entries, with the
 * actor, the entity, before/after and the request id, and never the generic fallback. A new
 * write route fails the first test until it has a case here, and the case fails until its
 * service records its entry.
 */
describe('audit completeness: every write route records a domain entry (real PostgreSQL)', () => {
  let nats: TestNats;
  let emulator: RouterOsEmulator;
  const agentDist = fakeAgentDist();

  beforeAll(async () => {
    nats = await startTestNats();
    emulator = new RouterOsEmulator();
    // No job runner: queued jobs stay pending, so cancel and retry see the state they expect.
    t = await startMultiUserApp({ ...nats.env, RATE_LIMIT_DEFAULT: '0', RATE_LIMIT_HEAVY: '0', RATE_LIMIT_AUTH: '0', AGENT_DIST_DIR: agentDist.dir, JOB_RUNNER_ENABLED: 'false', DRIFT_CHECK_CRON: 'off' });
    await t.app.get(NatsClient).whenReady();
    const first = await api().post('/api/auth/login').send({ username: 'admin', password: t.bootstrapPassword }).expect(200);
    const password = `admin-${randomBytes(12).toString('hex')}`;
    await api().post('/api/auth/password').set({ Authorization: `Bearer ${first.body.accessToken}` }).send({ currentPassword: t.bootstrapPassword, newPassword: password }).expect(204);
    admin = { Authorization: `Bearer ${(await api().post('/api/auth/login').send({ username: 'admin', password }).expect(200)).body.accessToken}` };
  });
  afterAll(async () => {
    agentDist.remove();
    await t?.close();
    await emulator?.close();
    await nats?.stop();
  });

  const fixtures = (): Fixtures => {
    const wan = async (topologyType = 'hub-spoke') => (await api().post('/api/wan').set(admin).send({ name: unique('w'), topologyType }).expect(201)).body.id as string;
    const peer = async (wanId?: string, body: object = {}) => (await api().post(`/api/wan/${wanId ?? (await wan())}/peers`).set(admin).send({ name: unique('p'), type: 'client', ...body }).expect(201)).body.id as string;
    const router = async () => {
      const wanId = await wan();
      const emulated: EmulatedRouter = await emulator.addRouter(unique('r'), { users: [{ name: 'wom', password: 'router-pass-1', policies: ['read', 'write', 'api', 'rest-api', 'test', 'sensitive'] }] });
      const mikrotik = { managementIp: emulated.host, apiPort: emulated.port, useSsl: false, username: 'wom', password: 'router-pass-1' };
      return { wanId, peerId: await peer(wanId, { type: 'mikrotik', mikrotik }) };
    };
    const enrollmentToken = async (options: object = {}) => {
      const created = await api().post('/api/enrollment-tokens').set(admin).send({ wanId: await wan(), ...options }).expect(201);
      return { id: created.body.id as string, token: created.body.token as string };
    };
    const user = async () => {
      const username = unique('u');
      const id = (await api().post('/api/users').set(admin).send({ username, password: USER_PASSWORD, role: 'read-only', mustChangePassword: false }).expect(201)).body.id as string;
      return { id, username };
    };
    const session = async () => {
      const { id, username } = await user();
      const login = await api().post('/api/auth/login').send({ username, password: USER_PASSWORD }).expect(200);
      const cookie = ([] as string[]).concat(login.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!).join('; ');
      return { userId: id, cookie, bearer: { Authorization: `Bearer ${login.body.accessToken}` } };
    };
    return {
      wan,
      peer,
      router,
      user,
      session,
      enrollmentToken,
      service: async () => (await api().post(`/api/peers/${await peer(undefined, { type: 'server' })}/services`).set(admin).send({ name: unique('s'), localIp: '192.168.70.5', localPort: 80, protocol: 'tcp' }).expect(201)).body.id,
      conflict: async () => {
        const wanId = await wan();
        await peer(wanId, { type: 'generic-router', subnets: [{ cidr: '192.168.1.0/24' }] });
        await peer(wanId, { type: 'generic-router', subnets: [{ cidr: '192.168.1.0/24' }] });
        return ((await api().get(`/api/wan/${wanId}/conflicts`).set(admin).expect(200)).body as { id: string }[])[0]!.id;
      },
      connection: async () => {
        const wanId = await wan('hybrid');
        const body = { peerAId: await peer(wanId, { type: 'server' }), peerBId: await peer(wanId, { type: 'server' }) };
        return (await api().post(`/api/wan/${wanId}/connections`).set(admin).send(body).expect(201)).body.id;
      },
      template: async () => (await api().post('/api/templates').set(admin).send({ name: unique('t'), peerType: 'client', body: TEMPLATE_BODY }).expect(201)).body.id,
      pendingJob: async () => (await api().post(`/api/peers/${(await router()).peerId}/mikrotik/deploy`).set(admin).send({}).expect(202)).body.id,
      version: async () => {
        const wanId = await wan();
        const peerId = await peer(wanId);
        await api().post(`/api/wan/${wanId}/regenerate-all`).set(admin).expect(200);
        const [latest] = (await api().get(`/api/peers/${peerId}/history`).set(admin).expect(200)).body.items as { id: string }[];
        return { peerId, versionId: latest!.id };
      },
      // A deployment that changed the router and kept a backup, as the job runner leaves one.
      completedDeployment: async () => {
        const { wanId, peerId } = await router();
        const backup = { takenAt: new Date().toISOString(), tables: {} };
        await t.database.manager.save(t.database.manager.create(DeploymentJobEntity, { wanId, peerId, jobType: 'deploy-config', status: 'completed', completedAt: new Date(), backup, result: { writeCount: 1 } }));
        return peerId;
      },
      apiKey: async () => (await api().post('/api/api-keys').set(admin).send({ name: unique('k'), role: 'read-only' }).expect(201)).body.id,
      agent: async (options = {}) => {
        const keys = newAgentKeys();
        const body = { token: (await enrollmentToken(options)).token, wireguardPublicKey: keys.wireguard.publicKey, natsPublicKey: keys.nats.publicKey, hostname: 'audited-box' };
        return (await api().post('/api/agents/enroll').send(body).expect(201)).body.agentId as string;
      },
    };
  };

  it('has a case for every write route the app registers', () => {
    const covered = new Set(CASES.map((c) => c.route));
    const writes = registeredRoutes(t.app).filter(isEndpoint).filter((route) => WRITE.test(route));
    expect(writes.filter((route) => !covered.has(route))).toEqual([]);
    expect([...covered].filter((route) => !writes.includes(route))).toEqual([]);
  });

  it.each(CASES.map((c) => [c.route, c] as const))('%s', async (_route, c) => {
    const call = await c.call(fixtures());
    const requestId = `audit-${randomBytes(8).toString('hex')}`;
    const [method, template] = c.route.split(' ') as [string, string];
    const req = api()[method.toLowerCase() as 'post' | 'put' | 'patch' | 'delete'](call.path).set(call.headers ?? admin).set('X-Request-Id', requestId);
    const res = await (call.body ? req.send(call.body) : req);
    expect({ route: c.route, status: res.status, code: res.body?.code }).toEqual({ route: c.route, status: expect.any(Number), code: undefined });
    expect(res.status).toBeLessThan(300);

    const trail = (await api().get('/api/audit').query({ requestId, limit: '100' }).set(admin).expect(200)).body.items as AuditRow[];
    // Never the generic fallback (`POST /api/...`, entity type http): the service must describe the change.
    expect(trail.filter((e) => e.entityType === 'http' || WRITE.test(e.action)).map((e) => e.action)).toEqual([]);
    expect(trail.map((e) => e.action).sort()).toEqual([...c.actions].sort());
    for (const entry of trail) {
      expect({ action: entry.action, requestId: entry.requestId, entity: typeof entry.entityId, actor: entry.actor.type }).toEqual({
        action: entry.action,
        requestId,
        entity: 'string',
        actor: template === '/api/agents/enroll' ? 'system' : 'user',
      });
      if (!EVENTS.has(entry.action)) expect({ action: entry.action, hasBeforeOrAfter: entry.before !== null || entry.after !== null }).toEqual({ action: entry.action, hasBeforeOrAfter: true });
    }
  });

  it.each(SECRET_READS.map((r) => [r.what, r] as const))('records %s', async (_what, read) => {
    const requestId = `audit-${randomBytes(8).toString('hex')}`;
    await api().get(await read.path(fixtures())).set(admin).set('X-Request-Id', requestId).expect(200);
    const trail = (await api().get('/api/audit').query({ requestId }).set(admin).expect(200)).body.items as AuditRow[];
    expect(trail).toEqual([
      expect.objectContaining({ action: 'peer.private-key.disclosed', requestId, entityId: expect.any(String), actor: expect.objectContaining({ type: 'user', name: 'admin' }), after: expect.objectContaining({ peerIds: expect.any(Array) }) }),
    ]);
  });
});

interface AuditRow {
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string | null;
  readonly requestId: string | null;
  readonly actor: { readonly type: string };
  readonly before: object | null;
  readonly after: object | null;
}
