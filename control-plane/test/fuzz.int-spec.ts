import request from 'supertest';
import { badIdSegments, hostileBody, hostileQuery, hostileValue, MALFORMED_JSON, ODD_JSON, Rng } from './harness/fuzz-payloads';
import { isEndpoint, registeredRoutes, routeShape } from './harness/routes';
import { startTestApp, type TestApp } from './harness/test-app';

/**
 * Issue 4, "Bad input": thousands of random and hostile requests across every mutating and
 * parameterised endpoint must never produce a 5xx, every 4xx must carry the standard error
 * shape, and the data created beforehand must come out untouched.
 * Replay a run with FUZZ_SEED=<the seed it printed>.
 */

const SEED = Number(process.env['FUZZ_SEED'] ?? 0x5eed_f022);
/** A fixed count, never a time box: on a loaded machine the run takes longer, it does not shrink. */
const REQUESTS = 3_000;
const CONCURRENCY = 8;

const KEY = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';
const TEMPLATE_BODY = '# {{WAN_NAME}}: {{PEER_NAME}}\n[Interface]\nPrivateKey = {{PRIVATE_KEY}}\nAddress = {{TUNNEL_IP}}/32\n\n{{PEERS}}\n';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Kind = 'wan' | 'peer' | 'service' | 'conflict' | 'template' | 'job' | 'version' | 'connection' | 'user' | 'apiKey' | 'token' | 'agent' | 'file';

interface Endpoint {
  readonly method: Method;
  /** `:kind` placeholders are replaced by a known id, a random UUID or a bad segment. */
  readonly path: string;
  /** DTO fields; present means the endpoint takes a JSON body. */
  readonly fields?: readonly string[];
  readonly query?: readonly string[];
  /** Changes stored data when it succeeds: known ids then only get guaranteed-invalid bodies. */
  readonly mutates: boolean;
  /** Changes stored data without a body (deletes, regenerations): never aimed at known ids. */
  readonly bodyless?: boolean;
}

const PAGE = ['limit', 'offset'];
const WAN_FIELDS = ['name', 'description', 'tunnelIpRange', 'sharedServicesRange', 'topologyType'];
const PEER_FIELDS = ['name', 'type', 'templateId', 'publicKey', 'tunnelIp', 'endpoint', 'listenPort', 'persistentKeepalive', 'deploymentMode', 'tags', 'subnets'];
const SERVICE_FIELDS = ['name', 'description', 'localIp', 'localPort', 'sharedIp', 'sharedPort', 'protocol', 'isActive'];
const TEMPLATE_FIELDS = ['name', 'description', 'peerType', 'body'];

const ENDPOINTS: readonly Endpoint[] = [
  { method: 'get', path: '/api/wan', query: ['unknown'], mutates: false },
  { method: 'post', path: '/api/wan', fields: WAN_FIELDS, mutates: true },
  { method: 'get', path: '/api/templates', mutates: false },
  { method: 'get', path: '/api/users', mutates: false },
  { method: 'get', path: '/api/api-keys', mutates: false },
  { method: 'get', path: '/api/auth/me', mutates: false },
  { method: 'get', path: '/api/wan/:wan', mutates: false },
  { method: 'put', path: '/api/wan/:wan', fields: WAN_FIELDS, mutates: true },
  { method: 'delete', path: '/api/wan/:wan', query: ['keepOnDevice', 'force'], mutates: true, bodyless: true },
  { method: 'get', path: '/api/wan/:wan/removal-preview', query: ['keepOnDevice', 'force'], mutates: false },
  { method: 'get', path: '/api/wan/:wan/peers', query: [...PAGE, 'q', 'type', 'status', 'tag', 'subnet', 'sort'], mutates: false },
  { method: 'post', path: '/api/wan/:wan/peers', fields: PEER_FIELDS, mutates: true },
  { method: 'get', path: '/api/peers/:peer', mutates: false },
  { method: 'put', path: '/api/peers/:peer', fields: PEER_FIELDS, mutates: true },
  { method: 'delete', path: '/api/peers/:peer', query: ['keepOnDevice', 'force'], mutates: true, bodyless: true },
  { method: 'get', path: '/api/wan/:wan/services', query: PAGE, mutates: false },
  { method: 'post', path: '/api/peers/:peer/services', fields: SERVICE_FIELDS, mutates: true },
  { method: 'get', path: '/api/services/:service', mutates: false },
  { method: 'put', path: '/api/services/:service', fields: SERVICE_FIELDS, mutates: true },
  { method: 'delete', path: '/api/services/:service', mutates: true, bodyless: true },
  { method: 'get', path: '/api/services/:service/removal-preview', mutates: false },
  { method: 'get', path: '/api/wan/:wan/conflicts', query: ['status'], mutates: false },
  { method: 'post', path: '/api/peers/:peer/check-conflicts', fields: ['subnets'], mutates: false },
  { method: 'post', path: '/api/conflicts/:conflict/resolve', fields: ['resolution', 'subnetId', 'newCidr', 'allowedCidrs'], mutates: true },
  { method: 'post', path: '/api/conflicts/:conflict/preview', fields: ['resolution', 'subnetId', 'newCidr', 'allowedCidrs'], mutates: false },
  { method: 'get', path: '/api/wan/:wan/topology', mutates: false },
  { method: 'get', path: '/api/wan/:wan/status', mutates: false },
  { method: 'get', path: '/api/peers/:peer/status', mutates: false },
  { method: 'get', path: '/api/wan/:wan/connections', mutates: false },
  { method: 'post', path: '/api/wan/:wan/connections', fields: ['peerAId', 'peerBId'], mutates: true },
  { method: 'delete', path: '/api/connections/:connection', mutates: true, bodyless: true },
  { method: 'get', path: '/api/templates/:template', mutates: false },
  { method: 'post', path: '/api/templates', fields: TEMPLATE_FIELDS, mutates: true },
  { method: 'put', path: '/api/templates/:template', fields: TEMPLATE_FIELDS, mutates: true },
  { method: 'delete', path: '/api/templates/:template', mutates: true, bodyless: true },
  { method: 'get', path: '/api/jobs', query: [...PAGE, 'status', 'type', 'peerId', 'wanId', 'sort'], mutates: false },
  { method: 'get', path: '/api/jobs/:job', mutates: false },
  { method: 'get', path: '/api/jobs/:job/logs', query: PAGE, mutates: false },
  { method: 'post', path: '/api/jobs/:job/cancel', mutates: true, bodyless: true },
  { method: 'post', path: '/api/jobs/:job/retry', mutates: true, bodyless: true },
  { method: 'get', path: '/api/peers/:peer/jobs', query: [...PAGE, 'status', 'type', 'peerId', 'wanId', 'sort'], mutates: false },
  { method: 'post', path: '/api/peers/:peer/mikrotik/test-connection', fields: ['timeoutSeconds'], mutates: true },
  { method: 'post', path: '/api/peers/:peer/mikrotik/deploy', fields: ['force'], mutates: true },
  { method: 'post', path: '/api/peers/:peer/mikrotik/executor', fields: ['agentId'], mutates: true },
  { method: 'post', path: '/api/peers/:peer/mikrotik/rollback', fields: ['jobId'], mutates: true },
  { method: 'post', path: '/api/peers/:peer/mikrotik/rollback/preview', fields: ['jobId'], mutates: false },
  { method: 'post', path: '/api/peers/:peer/mikrotik/preview', fields: ['force'], mutates: false },
  { method: 'get', path: '/api/peers/:peer/mikrotik/status', mutates: false },
  { method: 'get', path: '/api/peers/:peer/mikrotik/diff', mutates: false },
  { method: 'get', path: '/api/peers/:peer/mikrotik/removal-preview', mutates: false },
  { method: 'get', path: '/api/peers/:peer/mikrotik/health', mutates: false },
  { method: 'get', path: '/api/wan/:wan/links', mutates: false },
  { method: 'get', path: '/api/peers/:peer/mikrotik/logs', query: PAGE, mutates: false },
  { method: 'post', path: '/api/wan/:wan/mikrotik/deploy-all', fields: ['onlyAutoDeploy', 'force', 'waitSeconds'], mutates: true },
  { method: 'post', path: '/api/peers/:peer/mikrotik/verify', mutates: true, bodyless: true },
  { method: 'post', path: '/api/peers/:peer/mikrotik/drift', mutates: true, bodyless: true },
  { method: 'get', path: '/api/peers/:peer/mikrotik/drift', mutates: false },
  { method: 'post', path: '/api/peers/:peer/mikrotik/reconcile', fields: ['reconcileMissing', 'reconcileMismatched', 'removeUnknown'], mutates: true },
  { method: 'post', path: '/api/wan/:wan/mikrotik/drift', mutates: true, bodyless: true },
  { method: 'get', path: '/api/wan/:wan/drift', query: [...PAGE, 'state'], mutates: false },
  { method: 'get', path: '/api/peers/:peer/history', query: PAGE, mutates: false },
  { method: 'get', path: '/api/peers/:peer/history/diff', query: ['from', 'to'], mutates: false },
  { method: 'get', path: '/api/peers/:peer/history/:version', mutates: false },
  { method: 'post', path: '/api/peers/:peer/history/:version/mark-applied', mutates: true, bodyless: true },
  { method: 'get', path: '/api/peers/:peer/config', query: ['includePrivateKey'], mutates: false },
  { method: 'get', path: '/api/peers/:peer/config/mikrotik-script', mutates: false },
  { method: 'get', path: '/api/peers/:peer/config/qr', query: ['format', 'includePrivateKey'], mutates: false },
  { method: 'get', path: '/api/peers/:peer/export', query: ['includePrivateKeys'], mutates: false },
  { method: 'get', path: '/api/wan/:wan/export', query: ['includePrivateKeys'], mutates: false },
  { method: 'post', path: '/api/peers/:peer/regenerate-keys', mutates: true, bodyless: true },
  { method: 'post', path: '/api/wan/:wan/regenerate-all', mutates: true, bodyless: true },
  { method: 'get', path: '/api/audit', query: [...PAGE, 'action', 'actor', 'from', 'to', 'q', 'wanId', 'entityType', 'entityId'], mutates: false },
  { method: 'post', path: '/api/users', fields: ['username', 'password', 'role', 'mustChangePassword'], mutates: true },
  { method: 'patch', path: '/api/users/:user', fields: ['role', 'disabled', 'password'], mutates: true },
  { method: 'delete', path: '/api/users/:user', mutates: true, bodyless: true },
  { method: 'post', path: '/api/api-keys', fields: ['name', 'role', 'expiresAt'], mutates: true },
  { method: 'delete', path: '/api/api-keys/:apiKey', mutates: true, bodyless: true },
  { method: 'post', path: '/api/auth/login', fields: ['username', 'password'], mutates: false },
  { method: 'get', path: '/api/enrollment-tokens', query: [...PAGE, 'wanId'], mutates: false },
  { method: 'post', path: '/api/enrollment-tokens', fields: ['wanId', 'name', 'peerType', 'tags', 'nameTemplate', 'maxUses', 'expiresInSeconds', 'requiresApproval', 'peerId', 'subnets', 'templateId'], mutates: true },
  { method: 'delete', path: '/api/enrollment-tokens/:token', mutates: true, bodyless: true },
  { method: 'post', path: '/api/agents/enroll', fields: ['token', 'wireguardPublicKey', 'natsPublicKey', 'hostname', 'agentVersion', 'peerId'], mutates: true },
  { method: 'get', path: '/api/agents', query: [...PAGE, 'wanId'], mutates: false },
  { method: 'get', path: '/api/agents/install', mutates: false },
  { method: 'get', path: '/install/agent.sh', mutates: false },
  { method: 'get', path: '/install/:file', mutates: false },
  { method: 'get', path: '/api/agents/:agent', mutates: false },
  { method: 'post', path: '/api/agents/:agent/approve', mutates: true, bodyless: true },
  { method: 'post', path: '/api/agents/:agent/revoke', mutates: true, bodyless: true },
  { method: 'post', path: '/api/auth/password', fields: ['currentPassword', 'newPassword'], mutates: true },
  // Wrong methods on real routes.
  { method: 'patch', path: '/api/peers/:peer', fields: PEER_FIELDS, mutates: true },
  { method: 'put', path: '/api/wan', fields: WAN_FIELDS, mutates: true },
  { method: 'delete', path: '/api/wan/:wan/peers', mutates: true, bodyless: true },
];

interface FuzzRequest {
  readonly endpoint: Endpoint;
  readonly targetsKnown: boolean;
  readonly method: Method;
  readonly path: string;
  /** A JSON value (sent serialised) or a raw string (sent as is with content-type application/json). */
  readonly body?: { readonly json: unknown } | { readonly raw: string };
}

interface Outcome {
  readonly req: FuzzRequest;
  readonly status: number;
  readonly body: unknown;
}

const clip = (text: string, max = 160): string => (text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text);
const describeRequest = (r: FuzzRequest): string => {
  const body = r.body === undefined ? '' : 'raw' in r.body ? ` raw=${JSON.stringify(clip(r.body.raw))}` : ` json=${clip(JSON.stringify(r.body.json) ?? 'undefined')}`;
  return `${r.method.toUpperCase()} ${clip(r.path)}${body}`;
};

function randomUuid(rng: Rng): string {
  const hex = () => rng.int(0, 15).toString(16);
  const part = (n: number) => Array.from({ length: n }, hex).join('');
  return `${part(8)}-${part(4)}-4${part(3)}-${rng.pick(['8', '9', 'a', 'b'])}${part(3)}-${part(12)}`;
}

describe('Bad-input fuzzing (real PostgreSQL)', () => {
  let t: TestApp;
  const known: Partial<Record<Kind, string[]>> = {};
  let wanId: string;

  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_DEFAULT: '0', RATE_LIMIT_HEAVY: '0', RATE_LIMIT_AUTH: '0', WOM_MASTER_KEY: 'f'.repeat(64) });
    const api = () => request(t.http);
    wanId = (await api().post('/api/wan').send({ name: 'fuzz-known', description: 'known data', tunnelIpRange: '10.20.0.0/24', sharedServicesRange: '10.20.5.0/24' }).expect(201)).body.id;
    const a = (await api().post(`/api/wan/${wanId}/peers`).send({ name: 'hub', type: 'server', publicKey: KEY, endpoint: 'vpn.example.com:51820', listenPort: 51820, tags: ['dc'], subnets: [{ cidr: '192.168.1.0/24' }] }).expect(201)).body;
    const b = (await api().post(`/api/wan/${wanId}/peers`).send({ name: 'branch', type: 'generic-router', subnets: [{ cidr: '192.168.1.0/24' }, { cidr: '192.168.2.0/24', description: 'office' }] }).expect(201)).body;
    const c = (await api().post(`/api/wan/${wanId}/peers`).send({ name: 'laptop', type: 'client' }).expect(201)).body;
    const service = (await api().post(`/api/peers/${a.id}/services`).send({ name: 'web', localIp: '192.168.1.50', localPort: 8080, sharedPort: 80, protocol: 'tcp' }).expect(201)).body;
    const conflicts = (await api().get(`/api/wan/${wanId}/conflicts`).expect(200)).body as { id: string }[];
    expect(conflicts.length).toBeGreaterThan(0);
    const template = (await api().post('/api/templates').send({ name: 'fuzz template', peerType: 'client', body: TEMPLATE_BODY }).expect(201)).body;
    const history = (await api().get(`/api/peers/${a.id}/history`).expect(200)).body as { items: { id: string }[] };
    known.wan = [wanId];
    known.peer = [a.id, b.id, c.id];
    known.service = [service.id];
    known.conflict = conflicts.map((x) => x.id);
    known.template = [template.id, 'simple-client'];
    known.version = history.items.map((v) => v.id);
  });
  afterAll(() => t?.close());

  /** Everything the fuzzing must leave alone, read through the API. */
  async function snapshot(): Promise<unknown> {
    const get = async (path: string) => (await request(t.http).get(path).expect(200)).body;
    return {
      wan: await get(`/api/wan/${wanId}`),
      peers: await get(`/api/wan/${wanId}/peers?limit=500`),
      peerDetails: await Promise.all(known.peer!.map((id) => get(`/api/peers/${id}`))),
      services: await get(`/api/wan/${wanId}/services?limit=500`),
      conflicts: await get(`/api/wan/${wanId}/conflicts?status=all`),
      connections: await get(`/api/wan/${wanId}/connections`),
      templates: await get('/api/templates'),
      history: await Promise.all(known.peer!.map((id) => get(`/api/peers/${id}/history?limit=500`))),
    };
  }

  function generate(rng: Rng): FuzzRequest {
    const endpoint = rng.pick(ENDPOINTS);
    let targetsKnown = false;
    const path = endpoint.path.replace(/:([a-zA-Z]+)/g, (_m, kind: Kind) => {
      const ids = known[kind] ?? [];
      const roll = rng.next();
      if (roll < 0.45 && ids.length > 0 && !endpoint.bodyless) {
        targetsKnown = true;
        return rng.pick(ids);
      }
      if (roll < 0.7) return randomUuid(rng);
      return rng.pick(badIdSegments());
    });
    const query = endpoint.query && rng.chance(0.8) ? hostileQuery(rng, endpoint.query) : rng.chance(0.05) ? hostileQuery(rng, ['unknown']) : '';
    const url = path + query;
    if (!endpoint.fields) {
      // Bodyless routes still get the odd garbage body: it must be ignored or refused, never crash.
      if (rng.chance(0.1)) return { endpoint, targetsKnown, method: endpoint.method, path: url, body: { raw: rng.pick(MALFORMED_JSON) } };
      return { endpoint, targetsKnown, method: endpoint.method, path: url };
    }
    const roll = rng.next();
    if (roll < 0.15) return { endpoint, targetsKnown, method: endpoint.method, path: url, body: { raw: rng.pick(MALFORMED_JSON) } };
    if (roll < 0.22) return { endpoint, targetsKnown, method: endpoint.method, path: url, body: { raw: rng.pick(ODD_JSON) } };
    // Known targets, templates (part of the snapshot) and anything that may create data in a
    // known WAN always get a body that cannot pass validation.
    const poison = endpoint.mutates && (targetsKnown || endpoint.path === '/api/templates' || rng.chance(0.5));
    const body = hostileBody(rng, endpoint.fields, poison);
    if (rng.chance(0.3) && ('subnets' in body || endpoint.fields.includes('subnets'))) {
      body['subnets'] = Array.from({ length: rng.chance(0.05) ? 65 : rng.int(0, 3) }, () =>
        rng.chance(0.5) ? { cidr: hostileValue(rng), natEnabled: hostileValue(rng), natTranslatedCidr: hostileValue(rng), description: hostileValue(rng) } : hostileValue(rng),
      );
      if (poison && !Object.keys(body).some((k) => k.startsWith('__fuzz_'))) body['__fuzz_subnets'] = true;
    }
    if (rng.chance(0.1) && endpoint.fields.includes('tags')) {
      body['tags'] = Array.from({ length: rng.int(0, 40) }, () => hostileValue(rng));
      if (poison) body['__fuzz_tags'] = true;
    }
    return { endpoint, targetsKnown, method: endpoint.method, path: url, body: { json: body } };
  }

  async function send(req: FuzzRequest): Promise<Outcome> {
    let r = request(t.http)[req.method](req.path);
    if (req.body !== undefined) {
      r = r.set('Content-Type', 'application/json');
      r = 'raw' in req.body ? r.send(req.body.raw) : r.send(JSON.stringify(req.body.json));
    }
    const res = await r;
    return { req, status: res.status, body: res.body };
  }

  it('aims at every registered route', () => {
    const aimed = new Set(ENDPOINTS.map((e) => routeShape(`${e.method.toUpperCase()} ${e.path}`)));
    const public_ = new Set(['GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /api/events']);
    const missed = registeredRoutes(t.app).filter(isEndpoint).filter((route) => !public_.has(route) && !aimed.has(routeShape(route)));
    expect(missed).toEqual([]);
  });

  it('answers thousands of hostile requests without a 5xx, with the error shape, and leaves known data alone', async () => {
    console.log(`fuzz seed: ${SEED} (replay with FUZZ_SEED=${SEED})`);
    const before = await snapshot();
    const rng = new Rng(SEED);
    const started = Date.now();
    const outcomes: Outcome[] = [];
    while (outcomes.length < REQUESTS) {
      const batch = Array.from({ length: CONCURRENCY }, () => generate(rng));
      outcomes.push(...(await Promise.all(batch.map(send))));
    }
    const elapsed = Date.now() - started;

    const histogram: Record<number, number> = {};
    for (const o of outcomes) histogram[o.status] = (histogram[o.status] ?? 0) + 1;
    console.log(`fuzz: ${outcomes.length} requests in ${elapsed} ms; statuses ${JSON.stringify(histogram)}`);

    const report = (list: Outcome[]) => list.slice(0, 5).map((o) => `${o.status} ${describeRequest(o.req)} -> ${clip(JSON.stringify(o.body) ?? '', 300)}`).join('\n');
    const serverErrors = outcomes.filter((o) => o.status >= 500);
    expect(report(serverErrors)).toBe('');
    const badShape = outcomes.filter((o) => {
      if (o.status < 400 || o.status >= 500) return false;
      const b = o.body as { code?: unknown; message?: unknown; fields?: unknown } | null;
      return !(b && typeof b.code === 'string' && typeof b.message === 'string' && Array.isArray(b.fields));
    });
    expect(report(badShape)).toBe('');
    // Coverage: every endpoint was hit, and plenty of mutating requests aimed at the known data.
    expect(ENDPOINTS.filter((e) => !outcomes.some((o) => o.req.endpoint === e)).map((e) => `${e.method} ${e.path}`)).toEqual([]);
    expect(outcomes.filter((o) => o.req.targetsKnown && o.req.endpoint.mutates).length).toBeGreaterThan(200);

    expect(await snapshot()).toEqual(before);
  }, 300_000);
});
