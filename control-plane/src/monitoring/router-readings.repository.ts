import { Inject, Injectable } from '@nestjs/common';
import type { RouterHealth } from '@wom/routeros';
import { Database } from '../database/database';

/** One WireGuard peer row as the router counted it. */
export interface ReportedPeer {
  readonly publicKey: string;
  readonly lastHandshake: Date | null;
  readonly rxBytes: number;
  readonly txBytes: number;
}

/** A link the reading matched to one of our peers, from the router's side, and what it did to that peer. */
export interface StoredLink {
  readonly remoteId: string;
  readonly lastHandshake: Date | null;
  readonly rxBytes: number;
  readonly txBytes: number;
  readonly remoteWasOnline: boolean;
  /** Set when the reading changed the remote's last sighting or online state. */
  readonly remoteNow: { readonly isOnline: boolean; readonly lastSeen: Date } | null;
}

/**
 * Everything a batch of good readings changes, in one statement (a few round trips per round,
 * however many routers and links): each router's health and online state; its links' counters
 * in `link_stats` (one row per pair: links a router no longer reports are forgotten, and when
 * both ends report a pair in one batch the later reading wins) and on the explicit connections
 * of a hybrid WAN; and the remote peers' last sighting, the newest sighting winning, so two
 * routers reporting the same hub never move it back in time. Every peer row is written once
 * (a router read in the batch may also be another's remote), as one statement must.
 *
 * A router is online only while its tunnel is: some link handshook after `since` (the rule of
 * `withStatus` in peers/peer-status.view, ONLINE_WITHIN_MS). Its REST API answering says only
 * that it is reachable (`mikrotik_api_status`). A router seen by another router's reading is
 * only ever brought online by it: its own reading, which sees all its links, takes it offline.
 */
const READINGS_SQL = `
WITH r AS (
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::text[], $5::text[], $6::jsonb[], $7::timestamptz[])
    AS r(id, wan_id, checked_at, identity, version, health, since)
), reported AS (
  SELECT r.id AS router, r.wan_id, r.checked_at, r.since, p.id AS remote, p.is_online AS was_online, x.handshake, x.rx, x.tx,
         LEAST(p.id, r.id) AS a, GREATEST(p.id, r.id) AS b
    FROM unnest($8::uuid[], $9::text[], $10::timestamptz[], $11::bigint[], $12::bigint[]) AS x(router, key, handshake, rx, tx)
    JOIN r ON r.id = x.router
    JOIN peer p ON p.wan_id = r.wan_id AND p.public_key = x.key AND p.id <> r.id
), latest AS (
  SELECT DISTINCT ON (a, b) * FROM reported ORDER BY a, b, checked_at DESC
), sightings AS (
  SELECT remote AS id, max(handshake) AS handshake, max(since) AS since FROM reported WHERE handshake IS NOT NULL GROUP BY remote
), own AS (
  SELECT router AS id, max(handshake) AS handshake FROM reported GROUP BY router
), changes AS (
  SELECT COALESCE(r.id, s.id) AS id, r.id IS NOT NULL AS is_router, r.checked_at, r.identity, r.version, r.health, s.handshake, o.handshake AS own_handshake, COALESCE(r.since, s.since) AS since
    FROM r FULL JOIN sightings s ON s.id = r.id LEFT JOIN own o ON o.id = r.id
), next AS (
  SELECT c.*, CASE
           WHEN c.is_router THEN COALESCE(GREATEST(c.own_handshake, c.handshake) > c.since, false)
           WHEN p.type = 'mikrotik' AND p.mikrotik_management_ip IS NOT NULL THEN p.is_online OR c.handshake > c.since
           ELSE GREATEST(p.last_seen, c.handshake) > c.since
         END AS online
    FROM changes c JOIN peer p ON p.id = c.id
), locked AS (
  -- Peer rows locked in id order, as every batch does: two statements never wait on each other in a circle.
  SELECT p.id FROM peer p WHERE p.id IN (SELECT id FROM next) ORDER BY p.id FOR NO KEY UPDATE
), changed AS (
  UPDATE peer SET
         mikrotik_api_status = CASE WHEN c.is_router THEN 'connected' ELSE peer.mikrotik_api_status END,
         mikrotik_last_api_check = CASE WHEN c.is_router THEN c.checked_at ELSE peer.mikrotik_last_api_check END,
         mikrotik_router_identity = CASE WHEN c.is_router THEN c.identity ELSE peer.mikrotik_router_identity END,
         mikrotik_routeros_version = CASE WHEN c.is_router THEN c.version ELSE peer.mikrotik_routeros_version END,
         mikrotik_health = CASE WHEN c.is_router THEN c.health ELSE peer.mikrotik_health END,
         last_seen = GREATEST(peer.last_seen, c.checked_at, c.handshake),
         is_online = c.online
    FROM next c
   WHERE peer.id = c.id AND peer.id IN (SELECT id FROM locked)
     AND (c.is_router OR peer.last_seen IS NULL OR peer.last_seen < c.handshake OR peer.is_online <> c.online)
  RETURNING peer.id, peer.is_online, peer.last_seen
), forgotten AS (
  DELETE FROM link_stats l USING r
   WHERE (l.peer_a_id = r.id OR l.peer_b_id = r.id) AND l.reported_by = r.id
     AND NOT EXISTS (SELECT 1 FROM reported WHERE reported.a = l.peer_a_id AND reported.b = l.peer_b_id)
), stored AS (
  INSERT INTO link_stats (peer_a_id, peer_b_id, wan_id, last_handshake, rx_bytes, tx_bytes, reported_by, updated_at)
  SELECT a, b, wan_id, handshake, CASE WHEN a = router THEN rx ELSE tx END, CASE WHEN a = router THEN tx ELSE rx END, router, checked_at FROM latest ORDER BY a, b
  ON CONFLICT (peer_a_id, peer_b_id) DO UPDATE SET wan_id = EXCLUDED.wan_id, last_handshake = EXCLUDED.last_handshake, rx_bytes = EXCLUDED.rx_bytes,
     tx_bytes = EXCLUDED.tx_bytes, reported_by = EXCLUDED.reported_by, updated_at = EXCLUDED.updated_at
), connections AS (
  UPDATE peer_connection c SET last_handshake = latest.handshake, stats_updated_at = latest.checked_at,
         rx_bytes = CASE WHEN c.peer_a_id = latest.router THEN latest.rx ELSE latest.tx END,
         tx_bytes = CASE WHEN c.peer_a_id = latest.router THEN latest.tx ELSE latest.rx END
    FROM latest
   WHERE (c.peer_a_id = latest.router AND c.peer_b_id = latest.remote) OR (c.peer_a_id = latest.remote AND c.peer_b_id = latest.router)
)
SELECT reported.router, reported.remote, reported.handshake, reported.rx, reported.tx, reported.was_online, changed.is_online, changed.last_seen
  FROM reported LEFT JOIN changed ON changed.id = reported.remote`;

interface ReadingRow {
  router: string;
  remote: string;
  handshake: Date | null;
  rx: string;
  tx: string;
  was_online: boolean;
  is_online: boolean | null;
  last_seen: Date | null;
}

/** One good reading of one router, as the batch statement takes it. */
export interface RouterReadingInput {
  readonly router: { readonly id: string; readonly wanId: string };
  readonly health: RouterHealth;
  readonly peers: readonly ReportedPeer[];
  readonly now: Date;
  /** The oldest handshake that still counts as online. */
  readonly onlineSince: Date;
}

/** What router readings write: one statement for a batch of good readings, one for a failed one. */
@Injectable()
export class RouterReadingsRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  /** Stores one good reading; see {@link RouterReadingsRepository.storeReadings}. */
  async storeReading(router: { id: string; wanId: string }, health: RouterHealth, peers: readonly ReportedPeer[], now: Date, onlineSince: Date): Promise<StoredLink[]> {
    return (await this.storeReadings([{ router, health, peers, now, onlineSince }]))[0] ?? [];
  }

  /**
   * Stores good readings of distinct routers in one statement; returns each one's links in the
   * order given. A remote whose state the batch changed carries `remoteNow` on one link only
   * (the first to report it), and never when it is itself a router of the batch, whose own
   * reading says it: each change is announced once.
   */
  async storeReadings(readings: readonly RouterReadingInput[]): Promise<StoredLink[][]> {
    if (readings.length === 0) return [];
    const routerIds: string[] = [];
    const keys: string[] = [];
    const handshakes: (Date | null)[] = [];
    const rx: string[] = [];
    const tx: string[] = [];
    for (const { router, peers } of readings) {
      // RouterOS refuses two peers with one key on an interface; one row per key keeps the upsert to one row per pair anyway.
      for (const peer of new Map(peers.map((candidate) => [candidate.publicKey, candidate])).values()) {
        routerIds.push(router.id);
        keys.push(peer.publicKey);
        handshakes.push(peer.lastHandshake);
        rx.push(String(peer.rxBytes));
        tx.push(String(peer.txBytes));
      }
    }
    const rows: ReadingRow[] = await this.database.manager.query(READINGS_SQL, [
      readings.map(({ router }) => router.id),
      readings.map(({ router }) => router.wanId),
      readings.map(({ now }) => now),
      readings.map(({ health }) => health.identity.slice(0, 255)),
      readings.map(({ health }) => health.version.slice(0, 64)),
      readings.map(({ health, now }) => JSON.stringify({ ...health, checkedAt: now.toISOString() })),
      readings.map(({ onlineSince }) => onlineSince),
      routerIds,
      keys,
      handshakes,
      rx,
      tx,
    ]);
    const readIds = new Set(readings.map(({ router }) => router.id));
    const announced = new Set<string>();
    const byRouter = new Map<string, StoredLink[]>();
    for (const row of rows) {
      const changed = row.is_online !== null && row.last_seen !== null && !readIds.has(row.remote) && !announced.has(row.remote);
      if (changed) announced.add(row.remote);
      const links = byRouter.get(row.router) ?? [];
      links.push({
        remoteId: row.remote,
        lastHandshake: row.handshake,
        rxBytes: Number(row.rx),
        txBytes: Number(row.tx),
        remoteWasOnline: row.was_online,
        remoteNow: changed ? { isOnline: row.is_online as boolean, lastSeen: row.last_seen as Date } : null,
      });
      byRouter.set(row.router, links);
    }
    return readings.map(({ router }) => byRouter.get(router.id) ?? []);
  }

  async storeFailure(routerId: string, status: string, now: Date): Promise<void> {
    await this.database.manager.query(`UPDATE peer SET mikrotik_api_status = $2, mikrotik_last_api_check = $3, is_online = false WHERE id = $1`, [routerId, status, now]);
  }
}
