import { isDeepStrictEqual } from 'node:util';
import request from 'supertest';
import { bodySchema, nullProbes, type OpenApiDoc } from './harness/fuzz-nulls';
import { badIdSegments, deepJsonBodies, hostileBody, hostileQuery, hostileValue, MALFORMED_JSON, NON_JSON_BODIES, ODD_JSON, Rng } from './harness/fuzz-payloads';
import { ENDPOINTS, type Endpoint, type Kind, type Method } from './harness/fuzz-endpoints';
import { isEndpoint, registeredRoutes, routeShape } from './harness/routes';
import { startTestApp, type TestApp } from './harness/test-app';

/**
 * Bad input: thousands of random and hostile requests across every mutating and
 * parameterised endpoint must never produce a 5xx, every 4xx must carry the standard error
 * shape, and the data created beforehand must come out untouched. Then, on every route: each
 * non-JSON content type (415) and JSON nested past the limit (400); and `null` on every field of
 * every request body the OpenAPI document describes, judged by what the document says of it.
 * Replay a run with FUZZ_SEED=<the seed it printed>.
 */

const SEED = Number(process.env['FUZZ_SEED'] ?? 0x5eed_f022);
/** A fixed count, never a time box: on a loaded machine the run takes longer, it does not shrink. */
const REQUESTS = 2_500;
const CONCURRENCY = 8;

const KEY = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';
const TEMPLATE_BODY = '# {{WAN_NAME}}: {{PEER_NAME}}\n[Interface]\nPrivateKey = {{PRIVATE_KEY}}\nAddress = {{TUNNEL_IP}}/32\n\n{{PEERS}}\n';

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

  /** A WAN's stored data as the API shows it: what a refused request must leave alone. */
  async function snapshotOf(wan: string, peerIds: readonly string[]): Promise<unknown> {
    const get = async (path: string) => (await request(t.http).get(path).expect(200)).body;
    const paths = [`/api/wan/${wan}`, `/api/wan/${wan}/peers?limit=500`, `/api/wan/${wan}/services?limit=500`, `/api/wan/${wan}/conflicts?status=all`, `/api/wan/${wan}/connections`, '/api/templates'];
    const [wanBody, peers, services, conflicts, connections, templates, ...perPeer] = await Promise.all(
      [...paths, ...peerIds.flatMap((id) => [`/api/peers/${id}`, `/api/peers/${id}/history?limit=500`])].map(get),
    );
    return { wan: wanBody, peers, services, conflicts, connections, templates, perPeer };
  }

  /** Everything the fuzzing must leave alone. */
  const snapshot = () => snapshotOf(wanId, known.peer!);

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
    expect(outcomes.filter((o) => o.req.targetsKnown && o.req.endpoint.mutates).length).toBeGreaterThan(150);

    expect(await snapshot()).toEqual(before);
  }, 300_000);
  it('refuses every non-JSON body with 415 and JSON nested past the limit with 400, on every route, changing nothing', async () => {
    const before = await snapshot();
    const rng = new Rng(SEED);
    const cases = ENDPOINTS.flatMap((endpoint) => {
      const path = endpoint.path.replace(/:([a-zA-Z]+)/g, (_m, kind: Kind) => (endpoint.bodyless ? randomUuid(rng) : (known[kind]?.[0] ?? randomUuid(rng))));
      return [
        ...NON_JSON_BODIES.map(({ contentType, body }) => ({ endpoint, path, contentType, body, status: 415, code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' })),
        ...deepJsonBodies(endpoint.fields).map((body) => ({ endpoint, path, contentType: 'application/json', body, status: 400, code: 'REQUEST.TOO_DEEP' })),
      ];
    });
    const wrong: string[] = [];
    for (let i = 0; i < cases.length; i += CONCURRENCY) {
      await Promise.all(
        cases.slice(i, i + CONCURRENCY).map(async (c) => {
          // A string with a JSON type goes out as is; a Buffer keeps superagent from adding a type of its own.
          const res = await request(t.http)[c.endpoint.method](c.path).set('Content-Type', c.contentType).send(c.contentType === 'application/json' ? c.body : Buffer.from(c.body));
          if (res.status !== c.status || res.body?.code !== c.code || !Array.isArray(res.body?.fields)) {
            wrong.push(`${c.endpoint.method.toUpperCase()} ${c.path} ${c.contentType || '(no type)'} ${clip(c.body, 60)} -> ${res.status} ${clip(JSON.stringify(res.body) ?? '', 200)}`);
          }
        }),
      );
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    expect(cases.length).toBeGreaterThan(ENDPOINTS.length * NON_JSON_BODIES.length);
    expect(await snapshot()).toEqual(before);
  }, 120_000);

  it('answers null on every field of every write route as its document says: clears where nullable, a field error elsewhere', async () => {
    const api = () => request(t.http);
    const doc = (await api().get('/api/docs-json').expect(200)).body as OpenApiDoc;
    // A WAN of its own: a null the document allows clears a field, which the known data must not see.
    const scratchWan = (await api().post('/api/wan').send({ name: 'fuzz-nulls', tunnelIpRange: '10.40.0.0/24', sharedServicesRange: '10.40.5.0/24' }).expect(201)).body.id as string;
    const router = (await api().post(`/api/wan/${scratchWan}/peers`).send({ name: 'router', type: 'mikrotik', endpoint: 'r.example.com:51820', subnets: [{ cidr: '192.168.7.0/24' }], mikrotik: { managementIp: '192.0.2.10', username: 'wom', password: 'router-password-1' } }).expect(201)).body.id as string;
    const hub = (await api().post(`/api/wan/${scratchWan}/peers`).send({ name: 'hub', type: 'server', publicKey: KEY, endpoint: 'hub.example.com:51820', listenPort: 51820, subnets: [{ cidr: '192.168.7.0/24' }] }).expect(201)).body.id as string;
    const service = (await api().post(`/api/peers/${hub}/services`).send({ name: 'web', localIp: '192.168.7.50', localPort: 8080, sharedPort: 80, protocol: 'tcp' }).expect(201)).body.id as string;
    const [conflict] = (await api().get(`/api/wan/${scratchWan}/conflicts`).expect(200)).body as { id: string }[];
    const scratch: Partial<Record<Kind, string>> = { wan: scratchWan, peer: router, service, conflict: conflict?.id, template: known.template![0] };
    const peers = [router, hub];
    // A create route's required fields, so that the null, not a missing name, is what gets judged.
    let seq = 0;
    const unique = (prefix: string) => `${prefix}-${++seq}`;
    const validBase: Readonly<Record<string, () => Record<string, unknown>>> = {
      'post /api/wan': () => ({ name: unique('nulls-wan') }),
      'post /api/wan/:wan/peers': () => ({ name: unique('nulls-peer'), type: 'mikrotik' }),
      'post /api/peers/:peer/services': () => ({ name: unique('svc'), localIp: '192.168.7.60', localPort: 8081, sharedPort: 1000 + seq, protocol: 'tcp' }),
      'post /api/templates': () => ({ name: unique('nulls-template'), peerType: 'client', body: TEMPLATE_BODY }),
      'post /api/users': () => ({ username: unique('nulls-user'), password: 'nulls-password-1', role: 'read-only' }),
      'post /api/api-keys': () => ({ name: unique('nulls-key'), role: 'read-only' }),
      'post /api/enrollment-tokens': () => ({ wanId: scratchWan }),
      'post /api/wan/:wan/connections': () => ({ peerAId: router, peerBId: hub }),
      'post /api/conflicts/:conflict/resolve': () => ({ resolution: 'isolate' }),
      'post /api/conflicts/:conflict/preview': () => ({ resolution: 'isolate' }),
      'post /api/auth/login': () => ({ username: 'nobody', password: 'nobody-password' }),
      'post /api/auth/password': () => ({ currentPassword: 'not-the-password', newPassword: 'nulls-password-2' }),
    };

    const rng = new Rng(SEED);
    const failures: string[] = [];
    let probes = 0;
    // The WAN is read only around a probe that may be accepted (its field is nullable) and after
    // each route: every probe refused since the last look must have left it as it was.
    let current = await snapshotOf(scratchWan, peers);
    let refusedSinceLook: string[] = [];
    const look = async () => {
      const now = await snapshotOf(scratchWan, peers);
      if (refusedSinceLook.length > 0 && !isDeepStrictEqual(now, current)) failures.push(`refused, yet data changed by one of:\n${refusedSinceLook.join('\n')}`);
      current = now;
      refusedSinceLook = [];
    };
    for (const endpoint of ENDPOINTS.filter((e) => e.fields)) {
      const schema = bodySchema(doc, endpoint.method, endpoint.path);
      if (!schema) continue; // the wrong-method entries: no such operation
      const path = endpoint.path.replace(/:([a-zA-Z]+)/g, (_m, kind: Kind) => scratch[kind] ?? randomUuid(rng));
      for (const probe of nullProbes(doc, schema)) {
        probes++;
        if (probe.nullable) await look();
        const res = await api()[endpoint.method](path).send({ ...validBase[`${endpoint.method} ${endpoint.path}`]?.(), ...probe.body });
        const line = `${endpoint.method.toUpperCase()} ${endpoint.path} ${JSON.stringify(probe.body)} -> ${res.status} ${clip(JSON.stringify(res.body) ?? '', 200)}`;
        const named = (res.body?.fields ?? []).some((f: { field: string }) => f.field === probe.field || probe.field.startsWith(`${f.field}[`) || probe.field.startsWith(`${f.field}.`));
        if (res.status >= 500) failures.push(`5xx: ${line}`);
        else if (!probe.nullable && res.status < 400) failures.push(`accepted null on a field not nullable: ${line}`);
        else if (res.body?.code === 'VALIDATION.FAILED' && !probe.nullable && !named) failures.push(`field not named: ${line}`);
        if (probe.nullable) {
          // Accepted, what it cleared is the new baseline; refused, nothing may have changed.
          const after = await snapshotOf(scratchWan, peers);
          if (res.status >= 400 && !isDeepStrictEqual(after, current)) failures.push(`refused, yet data changed: ${line}`);
          current = after;
        } else if (res.status >= 400) {
          refusedSinceLook.push(line);
        }
      }
      await look();
    }
    expect(failures.slice(0, 10)).toEqual([]);
    console.log(`fuzz: ${probes} null probes`);
    expect(probes).toBeGreaterThan(100);
  }, 120_000);
});
