import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { NatsClient } from '../src/nats/nats-client';
import { startTestNats, type TestNats } from './harness/nats-server';
import { isEndpoint, registeredRoutes } from './harness/routes';
import { newAgentKeys } from './harness/simulated-agent';
import { fakeAgentDist } from './harness/agent-dist';
import { startMultiUserApp, type MultiUserTestApp } from './harness/test-app';

type Role = 'admin' | 'operator' | 'read-only';
type Caller = Role | 'anonymous';
const CALLERS: readonly Caller[] = ['admin', 'operator', 'read-only', 'anonymous'];
const RANK: Record<Role, number> = { 'read-only': 0, operator: 1, admin: 2 };

/** Ids of fresh rows an admin creates for one case, so no case sees another's leftovers. */
interface Fixture {
  wan(topologyType?: string): Promise<string>;
  peer(): Promise<string>;
  mikrotikPeer(): Promise<string>;
  service(): Promise<string>;
  conflict(): Promise<string>;
  connection(): Promise<string>;
  template(): Promise<string>;
  pendingJob(): Promise<string>;
  cancelledJob(): Promise<string>;
  version(): Promise<{ peerId: string; versionId: string }>;
  user(): Promise<string>;
  apiKey(): Promise<string>;
  enrollmentToken(options?: object): Promise<{ id: string; token: string }>;
  agent(options?: object): Promise<string>;
}

interface Case {
  /** The route as Express registered it: `METHOD /path/:param`. */
  readonly route: string;
  readonly path: (f: Fixture) => Promise<string> | string;
  readonly body?: () => object;
  readonly min: Role | 'public';
  /**
   * Routes that talk to a router may answer an error about the router (there is none here);
   * for them "allowed" means the request got past authorization. Every other route must succeed.
   */
  readonly reachesRouter?: boolean;
  /** Server-sent events: only the status line is read. */
  readonly stream?: boolean;
  /** The id names nothing the caller may see, so "allowed" means a 404 past authorization. */
  readonly unknownId?: boolean;
  /** A browser navigation: "allowed" means a redirect (single sign-on answers every outcome with one). */
  readonly redirects?: boolean;
}

let seq = 0;
const unique = (prefix: string) => `${prefix}-${++seq}-${randomBytes(3).toString('hex')}`;
const TEMPLATE_BODY = '[Interface]\nPrivateKey = {{PRIVATE_KEY}}\nAddress = {{TUNNEL_IP}}/32\n\n{{PEERS}}\n';

const CASES: readonly Case[] = [
  { route: 'GET /healthz', path: () => '/healthz', min: 'public' },
  { route: 'GET /readyz', path: () => '/readyz', min: 'public' },
  { route: 'GET /install/agent.sh', path: () => '/install/agent.sh', min: 'public' },
  { route: 'GET /install/:file', path: () => '/install/agent.md', min: 'public' },
  { route: 'GET /metrics', path: () => '/metrics', min: 'read-only' },
  { route: 'POST /api/auth/login', path: () => '/api/auth/login', body: () => ({ username: 'nobody', password: 'x' }), min: 'public' },
  { route: 'GET /api/auth/me', path: () => '/api/auth/me', min: 'read-only' },
  { route: 'POST /api/auth/refresh', path: () => '/api/auth/refresh', min: 'public' },
  { route: 'POST /api/auth/logout', path: () => '/api/auth/logout', min: 'public' },
  { route: 'GET /api/auth/sessions', path: () => '/api/auth/sessions', min: 'read-only' },
  { route: 'DELETE /api/auth/sessions/:id', path: () => '/api/auth/sessions/00000000-0000-4000-8000-000000000000', min: 'read-only', unknownId: true },
  { route: 'POST /api/auth/signing-keys/rotate', path: () => '/api/auth/signing-keys/rotate', min: 'admin' },
  { route: 'GET /api/auth/providers', path: () => '/api/auth/providers', min: 'public' },
  { route: 'GET /api/auth/oidc/login', path: () => '/api/auth/oidc/login', min: 'public', redirects: true },
  { route: 'GET /api/auth/oidc/callback', path: () => '/api/auth/oidc/callback?code=x&state=y', min: 'public', redirects: true },
  { route: 'GET /api/events', path: () => '/api/events', min: 'read-only', stream: true },
  // WANs
  { route: 'GET /api/wan', path: () => '/api/wan', min: 'read-only' },
  { route: 'POST /api/wan', path: () => '/api/wan', body: () => ({ name: unique('m') }), min: 'operator' },
  { route: 'GET /api/wan/:id', path: async (f) => `/api/wan/${await f.wan()}`, min: 'read-only' },
  { route: 'PUT /api/wan/:id', path: async (f) => `/api/wan/${await f.wan()}`, body: () => ({ description: 'changed' }), min: 'operator' },
  { route: 'DELETE /api/wan/:id', path: async (f) => `/api/wan/${await f.wan()}`, min: 'admin' },
  { route: 'GET /api/wan/:id/removal-preview', path: async (f) => `/api/wan/${await f.wan()}/removal-preview`, min: 'admin' },
  { route: 'GET /api/wan/:wanId/topology', path: async (f) => `/api/wan/${await f.wan()}/topology`, min: 'read-only' },
  { route: 'GET /api/wan/:wanId/status', path: async (f) => `/api/wan/${await f.wan()}/status`, min: 'read-only' },
  { route: 'GET /api/wan/:wanId/links', path: async (f) => `/api/wan/${await f.wan()}/links`, min: 'read-only' },
  { route: 'GET /api/wan/:wanId/conflicts', path: async (f) => `/api/wan/${await f.wan()}/conflicts`, min: 'read-only' },
  { route: 'GET /api/wan/:wanId/connections', path: async (f) => `/api/wan/${await f.wan()}/connections`, min: 'read-only' },
  {
    route: 'POST /api/wan/:wanId/connections',
    path: async (f) => {
      const wanId = await f.wan('hybrid');
      const a = await createPeer(wanId, { type: 'server' });
      const b = await createPeer(wanId, { type: 'server' });
      pendingBodies.set(`/api/wan/${wanId}/connections`, { peerAId: a, peerBId: b });
      return `/api/wan/${wanId}/connections`;
    },
    min: 'operator',
  },
  { route: 'DELETE /api/connections/:id', path: async (f) => `/api/connections/${await f.connection()}`, min: 'operator' },
  { route: 'GET /api/wan/:wanId/export', path: async (f) => `/api/wan/${await f.wan()}/export`, min: 'read-only' },
  { route: 'POST /api/wan/:wanId/regenerate-all', path: async (f) => `/api/wan/${await f.wan()}/regenerate-all`, min: 'operator' },
  { route: 'POST /api/wan/:wanId/mikrotik/deploy-all', path: async (f) => `/api/wan/${await f.wan()}/mikrotik/deploy-all`, body: () => ({}), min: 'operator' },
  // Peers
  { route: 'GET /api/wan/:wanId/peers', path: async (f) => `/api/wan/${await f.wan()}/peers`, min: 'read-only' },
  { route: 'POST /api/wan/:wanId/peers', path: async (f) => `/api/wan/${await f.wan()}/peers`, body: () => ({ name: unique('p'), type: 'client' }), min: 'operator' },
  { route: 'GET /api/peers/:id', path: async (f) => `/api/peers/${await f.peer()}`, min: 'read-only' },
  { route: 'PUT /api/peers/:id', path: async (f) => `/api/peers/${await f.peer()}`, body: () => ({ tags: ['x'] }), min: 'operator' },
  { route: 'DELETE /api/peers/:id', path: async (f) => `/api/peers/${await f.peer()}`, min: 'operator' },
  { route: 'GET /api/peers/:id/status', path: async (f) => `/api/peers/${await f.peer()}/status`, min: 'read-only' },
  { route: 'POST /api/peers/:id/check-conflicts', path: async (f) => `/api/peers/${await f.peer()}/check-conflicts`, body: () => ({}), min: 'operator' },
  { route: 'POST /api/peers/:id/regenerate-keys', path: async (f) => `/api/peers/${await f.peer()}/regenerate-keys`, min: 'operator' },
  // Configs and exports: anything carrying a private key is admin-only.
  { route: 'GET /api/peers/:id/config', path: async (f) => `/api/peers/${await f.peer()}/config`, min: 'read-only' },
  { route: 'GET /api/peers/:id/config?includePrivateKey=true', path: async (f) => `/api/peers/${await f.peer()}/config?includePrivateKey=true`, min: 'admin' },
  { route: 'GET /api/peers/:id/config/qr', path: async (f) => `/api/peers/${await f.peer()}/config/qr`, min: 'admin' },
  { route: 'GET /api/peers/:id/config/mikrotik-script', path: async (f) => `/api/peers/${await f.mikrotikPeer()}/config/mikrotik-script`, min: 'read-only' },
  { route: 'GET /api/peers/:id/export', path: async (f) => `/api/peers/${await f.peer()}/export`, min: 'read-only' },
  { route: 'GET /api/peers/:id/export?includePrivateKeys=true', path: async (f) => `/api/peers/${await f.peer()}/export?includePrivateKeys=true`, min: 'admin' },
  // History
  { route: 'GET /api/peers/:id/history', path: async (f) => `/api/peers/${(await f.version()).peerId}/history`, min: 'read-only' },
  {
    route: 'GET /api/peers/:id/history/diff',
    path: async (f) => {
      const { peerId, versionId } = await f.version();
      return `/api/peers/${peerId}/history/diff?from=${versionId}&to=${versionId}`;
    },
    min: 'read-only',
  },
  { route: 'GET /api/peers/:id/history/:versionId', path: async (f) => historyPath(await f.version()), min: 'read-only' },
  { route: 'POST /api/peers/:id/history/:versionId/mark-applied', path: async (f) => `${historyPath(await f.version())}/mark-applied`, min: 'operator' },
  // Services
  { route: 'GET /api/wan/:wanId/services', path: async (f) => `/api/wan/${await f.wan()}/services`, min: 'read-only' },
  {
    route: 'POST /api/peers/:peerId/services',
    path: async (f) => `/api/peers/${await f.peer()}/services`,
    body: () => ({ name: unique('svc'), localIp: '192.168.77.10', localPort: 443, protocol: 'tcp' }),
    min: 'operator',
  },
  { route: 'GET /api/services/:id', path: async (f) => `/api/services/${await f.service()}`, min: 'read-only' },
  { route: 'PUT /api/services/:id', path: async (f) => `/api/services/${await f.service()}`, body: () => ({ description: 'changed' }), min: 'operator' },
  { route: 'DELETE /api/services/:id', path: async (f) => `/api/services/${await f.service()}`, min: 'operator' },
  { route: 'GET /api/services/:id/removal-preview', path: async (f) => `/api/services/${await f.service()}/removal-preview`, min: 'operator' },
  // Conflicts
  { route: 'POST /api/conflicts/:id/resolve', path: async (f) => `/api/conflicts/${await f.conflict()}/resolve`, body: () => ({ resolution: 'isolate' }), min: 'operator' },
  { route: 'POST /api/conflicts/:id/preview', path: async (f) => `/api/conflicts/${await f.conflict()}/preview`, body: () => ({ resolution: 'isolate' }), min: 'operator' },
  // Templates
  { route: 'GET /api/templates', path: () => '/api/templates', min: 'read-only' },
  { route: 'GET /api/templates/:id', path: async (f) => `/api/templates/${await f.template()}`, min: 'read-only' },
  { route: 'POST /api/templates', path: () => '/api/templates', body: () => ({ name: unique('t'), peerType: 'client', body: TEMPLATE_BODY }), min: 'operator' },
  { route: 'PUT /api/templates/:id', path: async (f) => `/api/templates/${await f.template()}`, body: () => ({ description: 'changed' }), min: 'operator' },
  { route: 'DELETE /api/templates/:id', path: async (f) => `/api/templates/${await f.template()}`, min: 'operator' },
  // MikroTik and jobs
  { route: 'POST /api/peers/:id/mikrotik/test-connection', path: async (f) => `/api/peers/${await f.mikrotikPeer()}/mikrotik/test-connection`, body: () => ({}), min: 'operator', reachesRouter: true },
  { route: 'POST /api/peers/:id/mikrotik/executor', path: async (f) => `/api/peers/${await f.mikrotikPeer()}/mikrotik/executor`, body: () => ({ agentId: null }), min: 'operator' },
  { route: 'POST /api/peers/:id/mikrotik/deploy', path: async (f) => `/api/peers/${await f.mikrotikPeer()}/mikrotik/deploy`, body: () => ({}), min: 'operator', reachesRouter: true },
  { route: 'POST /api/peers/:id/mikrotik/rollback', path: async (f) => `/api/peers/${await f.mikrotikPeer()}/mikrotik/rollback`, body: () => ({}), min: 'operator', reachesRouter: true },
  // Only authorization is checked: the fixture router was never deployed, so there is no backup to preview (409).
  { route: 'POST /api/peers/:id/mikrotik/rollback/preview', path: async (f) => `/api/peers/${await f.mikrotikPeer()}/mikrotik/rollback/preview`, body: () => ({}), min: 'operator', reachesRouter: true },
  { route: 'POST /api/peers/:id/mikrotik/preview', path: async (f) => `/api/peers/${await f.mikrotikPeer()}/mikrotik/preview`, body: () => ({}), min: 'operator', reachesRouter: true },
  { route: 'GET /api/peers/:id/mikrotik/status', path: async (f) => `/api/peers/${await f.mikrotikPeer()}/mikrotik/status`, min: 'read-only', reachesRouter: true },
  { route: 'GET /api/peers/:id/mikrotik/diff', path: async (f) => `/api/peers/${await f.mikrotikPeer()}/mikrotik/diff`, min: 'read-only', reachesRouter: true },
  { route: 'GET /api/peers/:id/mikrotik/removal-preview', path: async (f) => `/api/peers/${await f.mikrotikPeer()}/mikrotik/removal-preview`, min: 'read-only', reachesRouter: true },
  { route: 'POST /api/peers/:id/mikrotik/verify', path: async (f) => `/api/peers/${await f.mikrotikPeer()}/mikrotik/verify`, min: 'operator', reachesRouter: true },
  { route: 'POST /api/peers/:id/mikrotik/drift', path: async (f) => `/api/peers/${await f.mikrotikPeer()}/mikrotik/drift`, min: 'operator', reachesRouter: true },
  { route: 'GET /api/peers/:id/mikrotik/drift', path: async (f) => `/api/peers/${await f.mikrotikPeer()}/mikrotik/drift`, min: 'read-only', reachesRouter: true },
  { route: 'POST /api/peers/:id/mikrotik/reconcile', path: async (f) => `/api/peers/${await f.mikrotikPeer()}/mikrotik/reconcile`, body: () => ({ removeUnknown: false }), min: 'operator', reachesRouter: true },
  { route: 'POST /api/wan/:id/mikrotik/drift', path: async (f) => `/api/wan/${await f.wan()}/mikrotik/drift`, min: 'operator' },
  { route: 'GET /api/wan/:wanId/drift', path: async (f) => `/api/wan/${await f.wan()}/drift`, min: 'read-only' },
  { route: 'GET /api/peers/:id/mikrotik/logs', path: async (f) => `/api/peers/${await f.mikrotikPeer()}/mikrotik/logs`, min: 'read-only' },
  { route: 'GET /api/peers/:id/mikrotik/health', path: async (f) => `/api/peers/${await f.mikrotikPeer()}/mikrotik/health`, min: 'read-only' },
  { route: 'GET /api/peers/:id/jobs', path: async (f) => `/api/peers/${await f.mikrotikPeer()}/jobs`, min: 'read-only' },
  { route: 'GET /api/jobs', path: () => '/api/jobs', min: 'read-only' },
  { route: 'GET /api/jobs/:id', path: async (f) => `/api/jobs/${await f.pendingJob()}`, min: 'read-only' },
  { route: 'GET /api/jobs/:id/logs', path: async (f) => `/api/jobs/${await f.pendingJob()}/logs`, min: 'read-only' },
  { route: 'POST /api/jobs/:id/cancel', path: async (f) => `/api/jobs/${await f.pendingJob()}/cancel`, min: 'operator', reachesRouter: true },
  { route: 'POST /api/jobs/:id/retry', path: async (f) => `/api/jobs/${await f.cancelledJob()}/retry`, min: 'operator' },
  // Agents and enrollment
  { route: 'GET /api/enrollment-tokens', path: () => '/api/enrollment-tokens', min: 'operator' },
  {
    route: 'POST /api/enrollment-tokens',
    path: async (f) => {
      const wanId = await f.wan();
      // A template token with the new peer's subnets: every field of the body passes for an operator.
      pendingBodies.set(`/api/enrollment-tokens#${wanId}`, { wanId, templateId: 'site-router', subnets: [{ cidr: '192.168.90.0/24' }] });
      return `/api/enrollment-tokens#${wanId}`;
    },
    min: 'operator',
  },
  { route: 'DELETE /api/enrollment-tokens/:id', path: async (f) => `/api/enrollment-tokens/${(await f.enrollmentToken()).id}`, min: 'operator' },
  {
    route: 'POST /api/agents/enroll',
    path: async (f) => {
      const { token } = await f.enrollmentToken();
      const keys = newAgentKeys();
      const path = `/api/agents/enroll#${token}`;
      pendingBodies.set(path, { token, wireguardPublicKey: keys.wireguard.publicKey, natsPublicKey: keys.nats.publicKey, hostname: 'matrix-box' });
      return path;
    },
    min: 'public',
  },
  { route: 'GET /api/agents', path: () => '/api/agents', min: 'read-only' },
  { route: 'GET /api/agents/install', path: () => '/api/agents/install', min: 'read-only' },
  { route: 'GET /api/agents/:id', path: async (f) => `/api/agents/${await f.agent()}`, min: 'read-only' },
  { route: 'POST /api/agents/:id/approve', path: async (f) => `/api/agents/${await f.agent({ requiresApproval: true })}/approve`, min: 'operator' },
  { route: 'POST /api/agents/:id/revoke', path: async (f) => `/api/agents/${await f.agent()}/revoke`, min: 'operator' },
  // Administration
  { route: 'POST /api/auth/password', path: () => '/api/auth/password', body: () => ({ currentPassword: 'not-the-password', newPassword: 'whatever-password-1' }), min: 'read-only' },
  { route: 'GET /api/users', path: () => '/api/users', min: 'admin' },
  { route: 'POST /api/users', path: () => '/api/users', body: () => ({ username: unique('nu'), password: 'matrix-password-1', role: 'read-only' }), min: 'admin' },
  { route: 'PATCH /api/users/:id', path: async (f) => `/api/users/${await f.user()}`, body: () => ({ role: 'operator' }), min: 'admin' },
  { route: 'DELETE /api/users/:id', path: async (f) => `/api/users/${await f.user()}`, min: 'admin' },
  { route: 'GET /api/users/:id/sessions', path: async (f) => `/api/users/${await f.user()}/sessions`, min: 'admin' },
  { route: 'DELETE /api/users/:id/sessions', path: async (f) => `/api/users/${await f.user()}/sessions`, min: 'admin' },
  { route: 'GET /api/api-keys', path: () => '/api/api-keys', min: 'admin' },
  { route: 'POST /api/api-keys', path: () => '/api/api-keys', body: () => ({ name: unique('k'), role: 'read-only' }), min: 'admin' },
  { route: 'DELETE /api/api-keys/:id', path: async (f) => `/api/api-keys/${await f.apiKey()}`, min: 'admin' },
  { route: 'GET /api/audit', path: () => '/api/audit', min: 'admin' },
];

/** Bodies that depend on the ids a path's fixture created (connections need two peers of that WAN). */
const pendingBodies = new Map<string, object>();
const historyPath = ({ peerId, versionId }: { peerId: string; versionId: string }) => `/api/peers/${peerId}/history/${versionId}`;
let createPeer: (wanId: string, body: object) => Promise<string>;

describe('role matrix: every endpoint under every role (real PostgreSQL)', () => {
  let t: MultiUserTestApp;
  let nats: TestNats;
  const agentDist = fakeAgentDist();
  let port: number;
  const headers: Partial<Record<Caller, Record<string, string>>> = { anonymous: {} };
  const api = () => request(t.http);
  const asAdmin = () => headers.admin!;

  beforeAll(async () => {
    nats = await startTestNats();
    t = await startMultiUserApp({ ...nats.env, RATE_LIMIT_DEFAULT: '0', RATE_LIMIT_HEAVY: '0', RATE_LIMIT_AUTH: '0', AGENT_DIST_DIR: agentDist.dir });
    await t.app.get(NatsClient).whenReady();
    await t.app.listen(0, '127.0.0.1');
    port = (t.http.address() as AddressInfo).port;
    const first = await api().post('/api/auth/login').send({ username: 'admin', password: t.bootstrapPassword }).expect(200);
    const password = `admin-${randomBytes(12).toString('hex')}`;
    await api().post('/api/auth/password').set({ Authorization: `Bearer ${first.body.accessToken}` }).send({ currentPassword: t.bootstrapPassword, newPassword: password }).expect(204);
    headers.admin = { Authorization: `Bearer ${(await api().post('/api/auth/login').send({ username: 'admin', password }).expect(200)).body.accessToken}` };
    // Users rather than API keys, so changing one's own password is in the matrix too; API keys
    // carry their role through the same guard (auth.int-spec.ts).
    for (const role of ['operator', 'read-only'] as const) {
      const username = `matrix-${role}`;
      await api().post('/api/users').set(asAdmin()).send({ username, password: `${role}-password-1`, role, mustChangePassword: false }).expect(201);
      const login = await api().post('/api/auth/login').send({ username, password: `${role}-password-1` }).expect(200);
      headers[role] = { Authorization: `Bearer ${login.body.accessToken}` };
    }
    createPeer = async (wanId, body) => (await api().post(`/api/wan/${wanId}/peers`).set(asAdmin()).send({ name: unique('p'), ...body }).expect(201)).body.id;
  });
  afterAll(async () => {
    agentDist.remove();
    await t?.close();
    await nats?.stop();
  });

  const fixture = (): Fixture => {
    const wan = async (topologyType = 'hub-spoke') => (await api().post('/api/wan').set(asAdmin()).send({ name: unique('w'), topologyType }).expect(201)).body.id as string;
    const job = async () => {
      const peerId = await createPeer(await wan(), { type: 'mikrotik' });
      return (await api().post(`/api/peers/${peerId}/mikrotik/deploy`).set(asAdmin()).send({}).expect(202)).body.id as string;
    };
    const enrollmentToken = async (options: object = {}) => {
      const created = await api().post('/api/enrollment-tokens').set(asAdmin()).send({ wanId: await wan(), ...options }).expect(201);
      return { id: created.body.id as string, token: created.body.token as string };
    };
    return {
      wan,
      peer: async () => createPeer(await wan(), { type: 'client' }),
      mikrotikPeer: async () => createPeer(await wan(), { type: 'mikrotik' }),
      service: async () => {
        const peerId = await createPeer(await wan(), { type: 'server' });
        return (await api().post(`/api/peers/${peerId}/services`).set(asAdmin()).send({ name: unique('s'), localIp: '192.168.70.5', localPort: 80, protocol: 'tcp' }).expect(201)).body.id;
      },
      conflict: async () => {
        const wanId = await wan();
        await createPeer(wanId, { type: 'generic-router', subnets: [{ cidr: '192.168.1.0/24' }] });
        await createPeer(wanId, { type: 'generic-router', subnets: [{ cidr: '192.168.1.0/24' }] });
        const [conflict] = (await api().get(`/api/wan/${wanId}/conflicts`).set(asAdmin()).expect(200)).body as { id: string }[];
        return conflict!.id;
      },
      connection: async () => {
        const wanId = await wan('hybrid');
        const body = { peerAId: await createPeer(wanId, { type: 'server' }), peerBId: await createPeer(wanId, { type: 'server' }) };
        return (await api().post(`/api/wan/${wanId}/connections`).set(asAdmin()).send(body).expect(201)).body.id;
      },
      template: async () => (await api().post('/api/templates').set(asAdmin()).send({ name: unique('t'), peerType: 'client', body: TEMPLATE_BODY }).expect(201)).body.id,
      pendingJob: job,
      cancelledJob: async () => {
        const id = await job();
        const cancelled = await api().post(`/api/jobs/${id}/cancel`).set(asAdmin());
        // A job the executor already finished is just as retryable as a cancelled one.
        expect([200, 409]).toContain(cancelled.status);
        return id;
      },
      version: async () => {
        const wanId = await wan();
        const peerId = await createPeer(wanId, { type: 'client' });
        await api().post(`/api/wan/${wanId}/regenerate-all`).set(asAdmin()).expect(200);
        const [latest] = (await api().get(`/api/peers/${peerId}/history`).set(asAdmin()).expect(200)).body.items as { id: string }[];
        return { peerId, versionId: latest!.id };
      },
      user: async () => (await api().post('/api/users').set(asAdmin()).send({ username: unique('mu'), password: 'matrix-password-1', role: 'read-only' }).expect(201)).body.id,
      apiKey: async () => (await api().post('/api/api-keys').set(asAdmin()).send({ name: unique('mk'), role: 'read-only' }).expect(201)).body.id,
      enrollmentToken,
      agent: async (options = {}) => {
        const { token } = await enrollmentToken(options);
        const keys = newAgentKeys();
        const body = { token, wireguardPublicKey: keys.wireguard.publicKey, natsPublicKey: keys.nats.publicKey, hostname: 'matrix-box' };
        return (await api().post('/api/agents/enroll').send(body).expect(201)).body.agentId as string;
      },
    };
  };

  /** Opens the event stream and reads only its status line. */
  const streamStatus = (path: string, caller: Caller) =>
    new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, path, headers: { Accept: 'text/event-stream', ...headers[caller] } }, (res) => {
        resolve(res.statusCode ?? 0);
        res.destroy();
      });
      req.on('error', reject);
      req.end();
    });

  it('covers every registered route', () => {
    const covered = new Set(CASES.map((c) => c.route.split('?')[0]));
    const missing = registeredRoutes(t.app).filter(isEndpoint).filter((route) => !covered.has(route));
    expect(missing).toEqual([]);
  });

  const expected = (min: Case['min'], caller: Caller): 'ok' | 401 | 403 =>
    min === 'public' ? 'ok' : caller === 'anonymous' ? 401 : RANK[caller] >= RANK[min] ? 'ok' : 403;

  it.each(CASES.flatMap((c) => CALLERS.map((caller) => [c.route, caller, c] as const)))('%s as %s', async (_route, caller, c) => {
    const path = await c.path(fixture());
    const want = expected(c.min, caller);
    if (c.stream) {
      expect(await streamStatus(path, caller)).toBe(want === 'ok' ? 200 : want);
      return;
    }
    const [method, template] = c.route.split(' ') as [string, string];
    const req = api()[method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path.split('#')[0]!).set(headers[caller]!);
    const body = pendingBodies.get(path) ?? c.body?.();
    const res = await (body ? req.send(body) : req);
    if (want !== 'ok') {
      expect({ status: res.status, body: res.body }).toEqual({ status: want, body: { code: want === 401 ? 'AUTH.UNAUTHENTICATED' : 'AUTH.FORBIDDEN', message: expect.any(String), fields: [] } });
      return;
    }
    const passedAuthorization = ![401, 403].includes(res.status) && !String(res.body?.code ?? '').startsWith('AUTH.');
    if (c.redirects) {
      expect({ route: c.route, status: res.status, location: res.headers['location'] }).toEqual({ route: c.route, status: 302, location: expect.stringMatching(/^\/login\?error=/) });
      return;
    }
    if (c.unknownId) {
      expect({ route: c.route, status: res.status, passedAuthorization }).toEqual({ route: c.route, status: 404, passedAuthorization: true });
      return;
    }
    if (c.reachesRouter || template === '/api/auth/login' || template === '/api/auth/password' || template === '/api/auth/refresh') {
      // Wrong credentials on login/password (and no refresh cookie) are the point of those requests: 401 from the handler, not the guard.
      const refusedByHandler = res.body?.code === 'AUTH.INVALID_CREDENTIALS' || (template === '/api/auth/refresh' && res.status === 401);
      expect({ route: c.route, passedAuthorization: passedAuthorization || refusedByHandler }).toEqual({ route: c.route, passedAuthorization: true });
    } else {
      expect({ route: c.route, status: res.status, code: res.body?.code }).toEqual({ route: c.route, status: expect.any(Number), code: undefined });
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(300);
    }
  });
});
