import { generateKeyPair } from '@wom/domain';
import type { RouterHealth } from '@wom/routeros';
import { ONLINE_WITHIN_MS } from '../src/monitoring/router-health.view';
import { RouterReadingsRepository, type RouterReadingInput } from '../src/monitoring/router-readings.repository';
import { createRouterWan } from './harness/mikrotik-routers';
import { startTestApp, type TestApp } from './harness/test-app';

const health = (identity: string): RouterHealth => ({ identity, version: '7.19.4 (stable)', board: 'CHR', cpuLoadPercent: 3, freeMemoryBytes: 1, totalMemoryBytes: 2, uptime: '1h', uptimeSeconds: 3600 });
const ago = (now: Date, seconds: number): Date => new Date(now.getTime() - seconds * 1000);

/**
 * Router readings stored in batches (real PostgreSQL): one statement for several routers must
 * leave exactly what one statement per router would, also where the routers of one batch
 * report the same hub, or each other.
 */
describe('router readings stored in one statement per batch', () => {
  let t: TestApp;
  let repo: RouterReadingsRepository;
  let hubId: string;
  let r1: string;
  let r2: string;
  const keys = new Map<string, string>();

  const peerRow = async (id: string) =>
    (await t.database.manager.query(`SELECT is_online, last_seen, mikrotik_api_status, mikrotik_router_identity, mikrotik_health FROM peer WHERE id = $1`, [id]))[0] as {
      is_online: boolean;
      last_seen: Date | null;
      mikrotik_api_status: string;
      mikrotik_router_identity: string | null;
      mikrotik_health: { identity: string } | null;
    };
  const linkRows = async () =>
    (await t.database.manager.query(`SELECT peer_a_id, peer_b_id, reported_by, rx_bytes, tx_bytes FROM link_stats ORDER BY peer_a_id, peer_b_id`)) as { peer_a_id: string; peer_b_id: string; reported_by: string; rx_bytes: string; tx_bytes: string }[];
  const reading = (router: string, wanId: string, now: Date, peers: [string, Date, number, number][]): RouterReadingInput => ({
    router: { id: router, wanId },
    health: health(`id-${router.slice(0, 4)}`),
    peers: peers.map(([peer, lastHandshake, rxBytes, txBytes]) => ({ publicKey: keys.get(peer)!, lastHandshake, rxBytes, txBytes })),
    now,
    onlineSince: new Date(now.getTime() - ONLINE_WITHIN_MS),
  });
  let wanId: string;

  beforeAll(async () => {
    t = await startTestApp({ JOB_RUNNER_ENABLED: 'false', DRIFT_CHECK_CRON: 'off' });
    repo = t.app.get(RouterReadingsRepository);
    let routerIds: string[];
    ({ wanId, hubId, routerIds } = await createRouterWan(t, 'readings-batch', 2));
    [r1, r2] = routerIds as [string, string];
    // What deployments store when each router made its own key pair.
    for (const id of [r1, r2]) await t.database.manager.query(`UPDATE peer SET public_key = $2 WHERE id = $1`, [id, generateKeyPair().publicKey]);
    for (const id of [hubId, r1, r2]) keys.set(id, ((await t.database.manager.query(`SELECT public_key FROM peer WHERE id = $1`, [id])) as { public_key: string }[])[0]!.public_key);
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  it('stores two routers that report the hub and each other: newest sighting wins, each change is announced once, one row per link', async () => {
    const now = new Date();
    const later = new Date(now.getTime() + 1000);
    expect((await peerRow(hubId)).is_online).toBe(false);

    const [first, second] = await repo.storeReadings([
      reading(r1, wanId, now, [[hubId, ago(now, 10), 100, 200], [r2, ago(now, 30), 300, 400]]),
      reading(r2, wanId, later, [[hubId, ago(now, 5), 500, 600], [r1, ago(now, 20), 700, 800]]),
    ]);

    expect(first?.map((link) => link.remoteId).sort()).toEqual([hubId, r2].sort());
    expect(second?.map((link) => link.remoteId).sort()).toEqual([hubId, r1].sort());
    const all = [...first!, ...second!];
    // The hub came online: said once, with its newest sighting; the routers' own readings say theirs.
    expect(all.filter((link) => link.remoteNow !== null)).toEqual([expect.objectContaining({ remoteId: hubId, remoteWasOnline: false, remoteNow: { isOnline: true, lastSeen: ago(now, 5) } })]);

    expect(await peerRow(hubId)).toMatchObject({ is_online: true, last_seen: ago(now, 5) });
    for (const [id, checked] of [[r1, now], [r2, later]] as const) {
      const row = await peerRow(id);
      expect(row).toMatchObject({ is_online: true, mikrotik_api_status: 'connected', mikrotik_router_identity: `id-${id.slice(0, 4)}` });
      // A router seen by the other keeps its own read time when that is newer than the handshake.
      expect(row.last_seen?.getTime()).toBe(checked.getTime());
      expect(row.mikrotik_health?.identity).toBe(`id-${id.slice(0, 4)}`);
    }

    const links = await linkRows();
    expect(links).toHaveLength(3);
    const pair = links.find((row) => [row.peer_a_id, row.peer_b_id].sort().join() === [r1, r2].sort().join())!;
    // Both ends reported r1–r2: the later reading (r2's) is kept, counters from the a side.
    expect(pair.reported_by).toBe(r2);
    expect([pair.rx_bytes, pair.tx_bytes]).toEqual(pair.peer_a_id === r2 ? ['700', '800'] : ['800', '700']);
  });

  it('forgets a link only when the router that reported it stops reporting it', async () => {
    const now = new Date(Date.now() + 5_000);
    await repo.storeReadings([reading(r1, wanId, now, [[hubId, ago(now, 3), 1, 1]])]);
    // r1 no longer lists r2, but r2 reported that link: it stays.
    expect(await linkRows()).toHaveLength(3);
    await repo.storeReadings([reading(r2, wanId, new Date(now.getTime() + 1000), [[hubId, ago(now, 2), 2, 2]])]);
    const links = await linkRows();
    expect(links).toHaveLength(2);
    expect(links.every((row) => row.peer_a_id === hubId || row.peer_b_id === hubId)).toBe(true);
    expect(await repo.storeReadings([])).toEqual([]);
  });
});
