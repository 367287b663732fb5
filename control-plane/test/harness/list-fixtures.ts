import request from 'supertest';
import type { Database } from '../../src/database/database';

type Http = Parameters<typeof request>[0];

/** What the list specs know about the data they query. */
export interface ListFixtures {
  /** Six peers made through the API, each filter and sort telling them apart. */
  readonly small: { readonly wanId: string; readonly names: readonly string[]; readonly ids: Readonly<Record<string, string>> };
  /** A WAN of `fleetSize` peers `site-00001`…, written in one transaction. */
  readonly fleet: { readonly wanId: string };
  readonly traffic: {
    readonly first: string;
    readonly firstExpected: { rxBytes: number; txBytes: number };
    readonly second: string;
    readonly secondExpected: { rxBytes: number; txBytes: number };
  };
  readonly jobs: {
    readonly length: number;
    readonly newestFirst: readonly string[];
    readonly byUpdated: readonly string[];
    readonly completed: number;
    readonly driftChecks: number;
    readonly ofBravo: number;
    readonly inFleet: number;
  };
  readonly audit: { readonly bulk: number };
}

const SMALL_PEERS = [
  { name: 'alpha-hub', type: 'hub', tunnelIp: '10.20.0.1', endpoint: 'vpn.example.net:51820' },
  { name: 'bravo-router', type: 'mikrotik', tunnelIp: '10.20.0.2', tags: ['paris'], subnets: [{ cidr: '192.168.20.0/24' }] },
  { name: 'charlie-laptop', type: 'client', tunnelIp: '10.20.0.3' },
  { name: 'delta-server', type: 'server', tunnelIp: '10.20.0.4', tags: ['paris'] },
  { name: 'echo-router', type: 'mikrotik', tunnelIp: '10.20.0.5', tags: ['lyon'], subnets: [{ cidr: '192.168.30.0/24' }] },
  { name: 'foxtrot-gone', type: 'mikrotik', tunnelIp: '10.20.0.6' },
] as const;

const FLEET_TYPES = ['mikrotik', 'server', 'client', 'generic-router'];
const BULK_AUDIT = 450;
const MINUTE = 60_000;

/**
 * Seeds the list specs' data: a small WAN through the API (so the audit trail holds what the
 * API writes), then a large WAN, jobs, link counters and audit entries straight into the
 * database in one transaction, as no API creates thousands of rows at once.
 */
export async function seedListFixtures(http: Http, database: Database, options: { fleetSize: number }): Promise<ListFixtures> {
  const post = async (url: string, body: object) => (await request(http).post(url).send(body).expect(201)).body as { id: string };
  const small = await post('/api/wan', { name: 'lists-small', tunnelIpRange: '10.20.0.0/24', topologyType: 'hub-spoke' });
  const ids: Record<string, string> = {};
  for (const peer of SMALL_PEERS) ids[peer.name] = (await post(`/api/wan/${small.id}/peers`, peer)).id;
  const fleet = await post('/api/wan', { name: 'lists-fleet', tunnelIpRange: '10.1.0.0/16', topologyType: 'hub-spoke' });
  const id = (name: string) => ids[name]!;

  const links = [
    { a: id('alpha-hub'), b: id('bravo-router'), rx: 100, tx: 200 },
    { a: id('alpha-hub'), b: id('echo-router'), rx: 1000, tx: 2000 },
  ].map(({ a, b, rx, tx }) => (a < b ? { a, b, rx, tx } : { a: b, b: a, rx: tx, tx: rx }));
  const trafficOf = (peer: string) =>
    links.reduce((sum, link) => (link.a === peer ? { rxBytes: sum.rxBytes + link.rx, txBytes: sum.txBytes + link.tx } : link.b === peer ? { rxBytes: sum.rxBytes + link.tx, txBytes: sum.txBytes + link.rx } : sum), { rxBytes: 0, txBytes: 0 });

  const base = Date.parse('2025-06-01T12:00:00Z');
  const at = (minutes: number) => new Date(base + minutes * MINUTE);
  const jobs = await database.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO peer (wan_id, name, type, tunnel_ip, created_at, updated_at)
       SELECT $1, 'site-' || lpad(i::text, 5, '0'), ($2::text[])[1 + i % 4], '10.1.0.0'::inet + i, now() + i * interval '1 millisecond', now()
         FROM generate_series(1, $3::int) AS i`,
      [fleet.id, FLEET_TYPES, options.fleetSize],
    );
    const online = [['bravo-router', at(-30)], ['alpha-hub', at(-20)], ['echo-router', at(-10)]] as const;
    for (const [name, seen] of online) await tx.query(`UPDATE peer SET is_online = true, last_seen = $2 WHERE id = $1`, [id(name), seen]);
    // Removed through its agent, which is away: the removal waits and queues no job the job specs would see.
    await tx.query(`UPDATE peer SET removal_requested_at = now(), deployment_mode = 'agent' WHERE id = $1`, [id('foxtrot-gone')]);
    for (const link of links) {
      await tx.query(`INSERT INTO link_stats (peer_a_id, peer_b_id, wan_id, last_handshake, rx_bytes, tx_bytes, reported_by, updated_at) VALUES ($1, $2, $3, now(), $4, $5, $1, now())`, [link.a, link.b, small.id, link.rx, link.tx]);
    }
    const [site4] = (await tx.query(`SELECT id FROM peer WHERE wan_id = $1 AND name = 'site-00004'`, [fleet.id])) as { id: string }[];
    const rows = [
      { peer: id('bravo-router'), wan: small.id, type: 'deploy-config', status: 'completed', created: 1, updated: 6 },
      { peer: id('bravo-router'), wan: small.id, type: 'drift-check', status: 'completed', created: 2, updated: 3 },
      { peer: site4!.id, wan: fleet.id, type: 'test-connection', status: 'failed', created: 3, updated: 4 },
      { peer: id('alpha-hub'), wan: null, type: 'verify', status: 'cancelled', created: 4, updated: 9 },
      { peer: id('echo-router'), wan: small.id, type: 'deploy-config', status: 'failed', created: 5, updated: 5 },
    ];
    const made: { id: string; created: number; updated: number }[] = [];
    for (const row of rows) {
      const [job] = (await tx.query(
        `INSERT INTO deployment_job (peer_id, wan_id, job_type, status, attempt, created_at, updated_at) VALUES ($1, $2, $3, $4, 1, $5, $6) RETURNING id`,
        [row.peer, row.wan, row.type, row.status, at(row.created), at(row.updated)],
      )) as { id: string }[];
      made.push({ id: job!.id, created: row.created, updated: row.updated });
    }
    await tx.query(
      `INSERT INTO audit_log (at, actor_type, action, resource_type, resource_id) SELECT $1::timestamptz - i * interval '1 second', 'system', 'bulk.touch', 'bulk', 'row-' || i FROM generate_series(1, $2::int) AS i`,
      [at(-120), BULK_AUDIT],
    );
    await tx.query(
      `INSERT INTO audit_log (at, actor_type, actor_name, action, resource_type, resource_id, before, after) VALUES
         ('2025-02-10T03:00:00Z', 'user', 'night-shift', 'router-config.push', 'router', 'legacy-entity-7', NULL, '{"note": "pushed"}'),
         ('2025-03-10T03:00:00Z', 'user', 'night-shift', 'maintenance.window', 'maintenance', NULL, '{"site": "Lyon-Core"}', NULL)`,
    );
    return { made, statuses: rows };
  });

  const newestFirst = [...jobs.made].sort((x, y) => y.created - x.created).map((job) => job.id);
  return {
    small: { wanId: small.id, names: SMALL_PEERS.map((peer) => peer.name), ids },
    fleet: { wanId: fleet.id },
    traffic: { first: 'alpha-hub', firstExpected: trafficOf(id('alpha-hub')), second: 'bravo-router', secondExpected: trafficOf(id('bravo-router')) },
    jobs: {
      length: jobs.made.length,
      newestFirst,
      byUpdated: [...jobs.made].sort((x, y) => x.updated - y.updated).map((job) => job.id),
      completed: jobs.statuses.filter((row) => row.status === 'completed').length,
      driftChecks: jobs.statuses.filter((row) => row.type === 'drift-check').length,
      ofBravo: jobs.statuses.filter((row) => row.peer === id('bravo-router')).length,
      inFleet: jobs.statuses.filter((row) => row.wan === fleet.id).length,
    },
    audit: { bulk: BULK_AUDIT },
  };
}
