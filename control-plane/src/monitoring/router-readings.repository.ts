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
 * Everything one good reading changes, in one statement (a round trip per router per round,
 * whatever its links): the router's health and online state; its links' counters in
 * `link_stats` (peer A's side; links it no longer reports are forgotten) and on the explicit
 * connections of a hybrid WAN; and the remote peers' last sighting, the newest sighting winning,
 * so two routers reporting the same hub never move it back in time.
 */
const READING_SQL = `
WITH router AS (
  UPDATE peer SET mikrotik_api_status = 'connected', mikrotik_last_api_check = $3, mikrotik_router_identity = $4, mikrotik_routeros_version = $5,
         mikrotik_health = $6::jsonb, is_online = true, last_seen = GREATEST(last_seen, $3)
   WHERE id = $1
  RETURNING id
), reported AS (
  SELECT p.id AS remote, p.is_online AS was_online, r.handshake, r.rx, r.tx, LEAST(p.id, $1::uuid) AS a, GREATEST(p.id, $1::uuid) AS b
    FROM unnest($7::text[], $8::timestamptz[], $9::bigint[], $10::bigint[]) AS r(key, handshake, rx, tx)
    JOIN peer p ON p.wan_id = $2 AND p.public_key = r.key AND p.id <> $1
), forgotten AS (
  DELETE FROM link_stats l
   WHERE (l.peer_a_id = $1 OR l.peer_b_id = $1) AND l.reported_by = $1
     AND NOT EXISTS (SELECT 1 FROM reported WHERE reported.a = l.peer_a_id AND reported.b = l.peer_b_id)
), stored AS (
  INSERT INTO link_stats (peer_a_id, peer_b_id, wan_id, last_handshake, rx_bytes, tx_bytes, reported_by, updated_at)
  SELECT a, b, $2, handshake, CASE WHEN a = $1 THEN rx ELSE tx END, CASE WHEN a = $1 THEN tx ELSE rx END, $1, $3 FROM reported ORDER BY a, b
  ON CONFLICT (peer_a_id, peer_b_id) DO UPDATE SET wan_id = EXCLUDED.wan_id, last_handshake = EXCLUDED.last_handshake, rx_bytes = EXCLUDED.rx_bytes,
     tx_bytes = EXCLUDED.tx_bytes, reported_by = EXCLUDED.reported_by, updated_at = EXCLUDED.updated_at
), connections AS (
  UPDATE peer_connection c SET last_handshake = reported.handshake, stats_updated_at = $3,
         rx_bytes = CASE WHEN c.peer_a_id = $1 THEN reported.rx ELSE reported.tx END,
         tx_bytes = CASE WHEN c.peer_a_id = $1 THEN reported.tx ELSE reported.rx END
    FROM reported
   WHERE (c.peer_a_id = $1 AND c.peer_b_id = reported.remote) OR (c.peer_a_id = reported.remote AND c.peer_b_id = $1)
), seen AS (
  UPDATE peer SET last_seen = GREATEST(peer.last_seen, reported.handshake), is_online = GREATEST(peer.last_seen, reported.handshake) > $11
    FROM reported
   WHERE peer.id = reported.remote AND reported.handshake IS NOT NULL
     AND (peer.last_seen IS NULL OR peer.last_seen < reported.handshake OR peer.is_online <> (GREATEST(peer.last_seen, reported.handshake) > $11))
  RETURNING peer.id, peer.is_online, peer.last_seen
)
SELECT reported.remote, reported.handshake, reported.rx, reported.tx, reported.was_online, seen.is_online, seen.last_seen
  FROM reported LEFT JOIN seen ON seen.id = reported.remote`;

interface ReadingRow {
  remote: string;
  handshake: Date | null;
  rx: string;
  tx: string;
  was_online: boolean;
  is_online: boolean | null;
  last_seen: Date | null;
}

/** What a router reading writes: one statement for a good reading, one for a failed one. */
@Injectable()
export class RouterReadingsRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  /** Stores a good reading; `onlineSince` is the oldest handshake that still counts as online. */
  async storeReading(router: { id: string; wanId: string }, health: RouterHealth, peers: readonly ReportedPeer[], now: Date, onlineSince: Date): Promise<StoredLink[]> {
    // RouterOS refuses two peers with one key on an interface; one row per key keeps the upsert to one row per pair anyway.
    const byKey = new Map(peers.map((peer) => [peer.publicKey, peer]));
    const rows: ReadingRow[] = await this.database.manager.query(READING_SQL, [
      router.id,
      router.wanId,
      now,
      health.identity.slice(0, 255),
      health.version.slice(0, 64),
      JSON.stringify({ ...health, checkedAt: now.toISOString() }),
      [...byKey.keys()],
      [...byKey.values()].map((peer) => peer.lastHandshake),
      [...byKey.values()].map((peer) => String(peer.rxBytes)),
      [...byKey.values()].map((peer) => String(peer.txBytes)),
      onlineSince,
    ]);
    return rows.map((row) => ({
      remoteId: row.remote,
      lastHandshake: row.handshake,
      rxBytes: Number(row.rx),
      txBytes: Number(row.tx),
      remoteWasOnline: row.was_online,
      remoteNow: row.is_online === null || row.last_seen === null ? null : { isOnline: row.is_online, lastSeen: row.last_seen },
    }));
  }

  async storeFailure(routerId: string, status: string, now: Date): Promise<void> {
    await this.database.manager.query(`UPDATE peer SET mikrotik_api_status = $2, mikrotik_last_api_check = $3, is_online = false WHERE id = $1`, [routerId, status, now]);
  }
}
