import request from 'supertest';
import { startTestApp, type TestApp } from './harness/test-app';
import { seedListFixtures, type ListFixtures } from './harness/list-fixtures';

type Row = Record<string, unknown>;
const FLEET = 10_000;

/**
 * Server-side paging, sorting and filtering of the fleet-scale lists (peers of a WAN, jobs,
 * audit) on real PostgreSQL, with a 10,000-peer WAN. The same fixtures run on the embedded
 * PGlite in lists-embedded.int-spec.ts.
 */
describe('list endpoints: paging, sorting and filtering (real PostgreSQL)', () => {
  let t: TestApp;
  let f: ListFixtures;
  const get = (url: string, query: Record<string, string | number> = {}) => request(t.http).get(url).query(query);
  const page = async (url: string, query: Record<string, string | number> = {}) => (await get(url, query).expect(200)).body as { items: Row[]; total: number; limit: number; offset: number };
  const names = (rows: Row[]) => rows.map((row) => row['name']);

  beforeAll(async () => {
    t = await startTestApp();
    f = await seedListFixtures(t.http, t.database, { fleetSize: FLEET });
  }, 120_000);
  afterAll(() => t.close());

  describe('peers of a WAN', () => {
    const peers = (query: Record<string, string | number> = {}) => page(`/api/wan/${f.small.wanId}/peers`, query);

    it('keeps the old answer without parameters: oldest first, 50 a page, with the total', async () => {
      const body = await peers();
      expect(body).toMatchObject({ total: f.small.names.length, limit: 50, offset: 0 });
      expect(names(body.items)).toEqual(f.small.names);
    });

    it.each([
      ['name', ['alpha-hub', 'bravo-router', 'charlie-laptop', 'delta-server', 'echo-router', 'foxtrot-gone']],
      ['-name', ['foxtrot-gone', 'echo-router', 'delta-server', 'charlie-laptop', 'bravo-router', 'alpha-hub']],
      ['type', ['charlie-laptop', 'alpha-hub', 'bravo-router', 'echo-router', 'foxtrot-gone', 'delta-server']],
      ['-type', ['delta-server', 'bravo-router', 'echo-router', 'foxtrot-gone', 'alpha-hub', 'charlie-laptop']],
      ['status', ['charlie-laptop', 'delta-server', 'foxtrot-gone', 'alpha-hub', 'bravo-router', 'echo-router']],
      ['-status', ['alpha-hub', 'bravo-router', 'echo-router', 'charlie-laptop', 'delta-server', 'foxtrot-gone']],
      ['tunnelAddress', ['alpha-hub', 'bravo-router', 'charlie-laptop', 'delta-server', 'echo-router', 'foxtrot-gone']],
      ['-tunnelAddress', ['foxtrot-gone', 'echo-router', 'delta-server', 'charlie-laptop', 'bravo-router', 'alpha-hub']],
      // Never-seen peers come last in both directions.
      ['lastHandshake', ['bravo-router', 'alpha-hub', 'echo-router', 'charlie-laptop', 'delta-server', 'foxtrot-gone']],
      ['-lastHandshake', ['echo-router', 'alpha-hub', 'bravo-router', 'charlie-laptop', 'delta-server', 'foxtrot-gone']],
      ['createdAt', ['alpha-hub', 'bravo-router', 'charlie-laptop', 'delta-server', 'echo-router', 'foxtrot-gone']],
      ['-createdAt', ['foxtrot-gone', 'echo-router', 'delta-server', 'charlie-laptop', 'bravo-router', 'alpha-hub']],
    ])('sorts by %s', async (sort, expected) => {
      expect(names((await peers({ sort })).items)).toEqual(expected);
    });

    it.each([
      [{ q: 'ROUTER' }, ['bravo-router', 'echo-router']],
      [{ q: 'vpn.example' }, ['alpha-hub']],
      [{ q: '10.20.0.3' }, ['charlie-laptop']],
      [{ q: '192.168.20' }, ['bravo-router']],
      // LIKE wildcards are literal: `_` matches only an underscore.
      [{ q: 'a_h' }, []],
      [{ type: 'mikrotik' }, ['bravo-router', 'echo-router', 'foxtrot-gone']],
      [{ status: 'online' }, ['alpha-hub', 'bravo-router', 'echo-router']],
      [{ status: 'offline' }, ['charlie-laptop', 'delta-server', 'foxtrot-gone']],
      [{ status: 'removing' }, ['foxtrot-gone']],
      [{ tag: 'paris' }, ['bravo-router', 'delta-server']],
      // Overlap either way: a supernet finds the LANs inside it, a host route finds the LAN holding it.
      [{ subnet: '192.168.0.0/16' }, ['bravo-router', 'echo-router']],
      [{ subnet: '192.168.20.128/25' }, ['bravo-router']],
      [{ subnet: '172.16.0.0/12' }, []],
      [{ type: 'mikrotik', status: 'online', tag: 'lyon' }, ['echo-router']],
    ])('filters by %j', async (query, expected) => {
      const body = await peers({ ...query, sort: 'name' });
      expect(names(body.items)).toEqual(expected);
      expect(body.total).toBe(expected.length);
    });

    it('adds each peer’s traffic from its own side of every link, null before any report', async () => {
      const byName = new Map((await peers({ limit: 500 })).items.map((row) => [row['name'], row]));
      // alpha-hub is peer A of its link to bravo and peer B of its link to echo (see the fixtures).
      expect(byName.get(f.traffic.first)).toMatchObject(f.traffic.firstExpected);
      expect(byName.get(f.traffic.second)).toMatchObject(f.traffic.secondExpected);
      expect(byName.get('delta-server')).toMatchObject({ rxBytes: null, txBytes: null });
    });

    it(`pages through ${FLEET.toLocaleString('en')} peers: disjoint pages, last page, sorted and filtered totals`, async () => {
      const url = `/api/wan/${f.fleet.wanId}/peers`;
      const first = await page(url, { sort: 'name', limit: 500 });
      const second = await page(url, { sort: 'name', limit: 500, offset: 500 });
      expect(first.total).toBe(FLEET);
      expect(first.items).toHaveLength(500);
      expect(names(first.items)[0]).toBe('site-00001');
      expect(names(second.items)[0]).toBe('site-00501');
      expect(new Set([...names(first.items), ...names(second.items)]).size).toBe(1000);
      const last = await page(url, { sort: 'name', limit: 50, offset: FLEET - 50 });
      expect(last.items).toHaveLength(50);
      expect(names(last.items).at(-1)).toBe(`site-${String(FLEET).padStart(5, '0')}`);
      expect((await page(url, { sort: 'name', offset: FLEET })).items).toEqual([]);
      expect(names((await page(url, { sort: '-name', limit: 2 })).items)).toEqual(['site-10000', 'site-09999']);
      expect((await page(url, { type: 'client', limit: 1 })).total).toBe(FLEET / 4);
      const search = await page(url, { q: 'SITE-0999', sort: '-name' });
      expect(search.total).toBe(10);
      expect(names(search.items)[0]).toBe('site-09999');
      expect((await page(url, { q: '10.1.39.16' })).items.map((row) => row['tunnelIp'])).toEqual(['10.1.39.16']);
    });

    it.each([
      [{ sort: 'bogus' }, 'sort'],
      [{ sort: '--name' }, 'sort'],
      [{ limit: 501 }, 'limit'],
      [{ limit: 0 }, 'limit'],
      [{ offset: -1 }, 'offset'],
      [{ type: 'router' }, 'type'],
      [{ status: 'up' }, 'status'],
      [{ subnet: 'not-a-cidr' }, 'subnet'],
      [{ q: 'x'.repeat(101) }, 'q'],
      [{ tag: 'x'.repeat(65) }, 'tag'],
      [{ page: 2 }, 'page'],
    ])('refuses %j with 400 naming %s', async (query, field) => {
      const res = await get(`/api/wan/${f.small.wanId}/peers`, query).expect(400);
      expect(res.body.fields.map((problem: { field: string }) => problem.field)).toEqual([field]);
    });

    it('answers 404 for an unknown WAN, also when filters match nothing', async () => {
      await get('/api/wan/00000000-0000-4000-8000-000000000000/peers', { q: 'nothing' }).expect(404);
      expect((await peers({ q: 'no-such-peer' })).total).toBe(0);
    });
  });

  describe('jobs', () => {
    it('carries each job’s router and WAN names, newest first by default', async () => {
      const body = await page('/api/jobs', { limit: 500 });
      expect(body.total).toBe(f.jobs.length);
      expect(body.items.map((job) => job['id'])).toEqual(f.jobs.newestFirst);
      expect(body.items[0]).toMatchObject({ peerName: 'echo-router', wanName: 'lists-small', jobType: 'deploy-config', status: 'failed' });
      expect(body.items.find((job) => job['wanId'] === f.fleet.wanId)).toMatchObject({ peerName: 'site-00004', wanName: 'lists-fleet' });
    });

    it.each([
      ['createdAt', (j: ListFixtures['jobs']) => [...j.newestFirst].reverse()],
      ['-createdAt', (j: ListFixtures['jobs']) => j.newestFirst],
      ['updatedAt', (j: ListFixtures['jobs']) => j.byUpdated],
      ['-updatedAt', (j: ListFixtures['jobs']) => [...j.byUpdated].reverse()],
    ] as const)('sorts by %s', async (sort, expected) => {
      expect((await page('/api/jobs', { sort, limit: 500 })).items.map((job) => job['id'])).toEqual(expected(f.jobs));
    });

    it('filters by status, type, peer and WAN, and pages with the total', async () => {
      expect((await page('/api/jobs', { status: 'completed' })).items.every((job) => job['status'] === 'completed')).toBe(true);
      expect((await page('/api/jobs', { status: 'completed' })).total).toBe(f.jobs.completed);
      expect((await page('/api/jobs', { type: 'drift-check' })).total).toBe(f.jobs.driftChecks);
      expect((await page('/api/jobs', { peerId: f.small.ids['bravo-router']! })).items.map((job) => job['peerName'])).toEqual(Array(f.jobs.ofBravo).fill('bravo-router'));
      const fleet = await page('/api/jobs', { wanId: f.fleet.wanId });
      expect(fleet.total).toBe(f.jobs.inFleet);
      expect(fleet.items.every((job) => job['wanName'] === 'lists-fleet')).toBe(true);
      const second = await page('/api/jobs', { limit: 2, offset: 2 });
      expect(second.items.map((job) => job['id'])).toEqual(f.jobs.newestFirst.slice(2, 4));
      const forPeer = await page(`/api/peers/${f.small.ids['echo-router']}/jobs`, { sort: 'createdAt' });
      expect(forPeer.items.every((job) => job['peerName'] === 'echo-router' && job['wanName'] === 'lists-small')).toBe(true);
    });

    it.each([
      [{ sort: 'name' }, 'sort'],
      [{ status: 'done' }, 'status'],
      [{ type: 'deploy' }, 'type'],
      [{ wanId: 'nope' }, 'wanId'],
      [{ peerId: '12' }, 'peerId'],
      [{ limit: 1000 }, 'limit'],
    ])('refuses %j with 400 naming %s', async (query, field) => {
      const res = await get('/api/jobs', query).expect(400);
      expect(res.body.fields.map((problem: { field: string }) => problem.field)).toEqual([field]);
    });
  });

  describe('audit', () => {
    const audit = (query: Record<string, string | number> = {}) => page('/api/audit', query);

    it('pages newest first past 200 entries, with the total', async () => {
      const all = await audit({ entityType: 'bulk', limit: 200 });
      expect(all.total).toBe(f.audit.bulk);
      const rest = await audit({ entityType: 'bulk', limit: 200, offset: 200 });
      const tail = await audit({ entityType: 'bulk', limit: 200, offset: 400 });
      const times = [...all.items, ...rest.items, ...tail.items].map((entry) => Date.parse(entry['at'] as string));
      expect(times).toHaveLength(f.audit.bulk);
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it.each([
      // Case-insensitive, in the action, the entity, the actor and the before/after details.
      [{ q: 'ROUTER-CONFIG' }, ['router-config.push']],
      [{ q: 'night-shift' }, ['maintenance.window', 'router-config.push']],
      [{ q: 'Lyon-Core' }, ['maintenance.window']],
      [{ q: 'legacy-entity' }, ['router-config.push']],
      [{ actor: 'night-shift' }, ['maintenance.window', 'router-config.push']],
      [{ action: 'router-config.push' }, ['router-config.push']],
      [{ entityType: 'maintenance', q: 'window' }, ['maintenance.window']],
      [{ entityId: 'legacy-entity-7' }, ['router-config.push']],
      [{ q: 'night', from: '2025-03-01T00:00:00Z' }, ['maintenance.window']],
      [{ q: 'night', to: '2025-02-28T23:59:59Z' }, ['router-config.push']],
      [{ q: 'night', from: '2025-01-01T00:00:00Z', to: '2025-01-31T23:59:59Z' }, []],
    ])('filters by %j', async (query, actions) => {
      const body = await audit(query);
      expect(body.items.map((entry) => entry['action'])).toEqual(actions);
      expect(body.total).toBe(actions.length);
    });

    it('finds the entries the API wrote about a peer by its name in the details', async () => {
      const body = await audit({ q: 'charlie-laptop', action: 'peer.create' });
      expect(body.items).toEqual([expect.objectContaining({ entityId: f.small.ids['charlie-laptop'], wanId: f.small.wanId })]);
      expect((await audit({ wanId: f.small.wanId, entityType: 'peer' })).total).toBe(f.small.names.length);
    });

    it.each([
      [{ from: 'yesterday' }, 'from'],
      [{ to: '2025-13-01T00:00:00Z' }, 'to'],
      [{ from: '2025-03-01T00:00:00Z', to: '2025-02-01T00:00:00Z' }, 'to'],
      [{ q: 'x'.repeat(101) }, 'q'],
      [{ wanId: 'all' }, 'wanId'],
      [{ limit: 501 }, 'limit'],
      [{ sort: 'at' }, 'sort'],
    ])('refuses %j with 400 naming %s', async (query, field) => {
      const res = await get('/api/audit', query).expect(400);
      expect(res.body.fields.map((problem: { field: string }) => problem.field)).toEqual([field]);
    });
  });

  it('documents the parameters and the paged answers in OpenAPI, nullable fields nullable', async () => {
    type Parameter = { name: string; schema?: { enum?: string[] } };
    type Schema = { properties?: Record<string, { nullable?: boolean; type?: string }>; allOf?: unknown[] };
    const doc = (await get('/api/docs-json').expect(200)).body as { paths: Record<string, { get: { parameters: Parameter[]; responses: Record<string, { content: { 'application/json': { schema: { properties: { items: { items: { $ref: string } } } } } } }> } }>; components: { schemas: Record<string, Schema> } };
    const params = (path: string) => new Map(doc.paths[path]!.get.parameters.map((p) => [p.name, p]));
    const itemSchema = (path: string) => doc.paths[path]!.get.responses['200']!.content['application/json'].schema.properties.items.items.$ref.split('/').pop()!;

    const peerParams = params('/api/wan/{wanId}/peers');
    expect([...peerParams.keys()]).toEqual(expect.arrayContaining(['q', 'type', 'status', 'tag', 'subnet', 'sort', 'limit', 'offset']));
    expect(peerParams.get('sort')!.schema!.enum).toEqual(expect.arrayContaining(['name', '-name', 'lastHandshake', '-tunnelAddress']));
    const peerItem = doc.components.schemas[itemSchema('/api/wan/{wanId}/peers')]!;
    expect(peerItem.properties!['rxBytes']).toMatchObject({ nullable: true });
    expect(peerItem.properties!['endpoint']).toMatchObject({ nullable: true });
    expect([...params('/api/jobs').keys()]).toEqual(expect.arrayContaining(['status', 'type', 'peerId', 'wanId', 'sort', 'limit', 'offset']));
    const jobItem = doc.components.schemas[itemSchema('/api/jobs')]!;
    expect(jobItem.properties!['wanName']).toMatchObject({ nullable: true });
    expect(jobItem.properties!['peerName']).toMatchObject({ type: 'string' });
    expect([...params('/api/audit').keys()]).toEqual(expect.arrayContaining(['q', 'actor', 'action', 'entityType', 'entityId', 'wanId', 'from', 'to', 'limit', 'offset']));
  });
});
