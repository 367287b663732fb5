import { Inject, Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import type { LinkStatsRow } from './router-health.view';

interface StoredRow {
  peer_a_id: string;
  peer_b_id: string;
  last_handshake: Date | null;
  rx_bytes: string;
  tx_bytes: string;
  updated_at: Date;
  reported_by: string;
}

const toRow = (row: StoredRow): LinkStatsRow => ({
  peerAId: row.peer_a_id,
  peerBId: row.peer_b_id,
  lastHandshake: row.last_handshake,
  rxBytes: Number(row.rx_bytes),
  txBytes: Number(row.tx_bytes),
  updatedAt: row.updated_at,
  reportedBy: row.reported_by,
});

const COLUMNS = 'peer_a_id, peer_b_id, last_handshake, rx_bytes, tx_bytes, updated_at, reported_by';

/**
 * Reads the last counters of every link (`link_stats`, written by RouterReadingsRepository),
 * whatever the topology.
 */
@Injectable()
export class LinkStatsRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  /** Every link of one peer, with the remote's name, newest handshake first. */
  async forPeer(peerId: string): Promise<(LinkStatsRow & { remoteName: string })[]> {
    const rows: (StoredRow & { remote_name: string })[] = await this.database.manager.query(
      `SELECT ${COLUMNS.split(', ').map((c) => `s.${c}`).join(', ')}, remote.name AS remote_name
         FROM link_stats s
         JOIN peer remote ON remote.id = CASE WHEN s.peer_a_id = $1 THEN s.peer_b_id ELSE s.peer_a_id END
        WHERE s.peer_a_id = $1 OR s.peer_b_id = $1
        ORDER BY s.last_handshake DESC NULLS LAST, remote.name`,
      [peerId],
    );
    return rows.map((row) => ({ ...toRow(row), remoteName: row.remote_name }));
  }

  /** Every link of a WAN with counters, keyed `a|b`. */
  async forWan(wanId: string): Promise<Map<string, LinkStatsRow>> {
    const rows: StoredRow[] = await this.database.manager.query(`SELECT ${COLUMNS} FROM link_stats WHERE wan_id = $1`, [wanId]);
    return new Map(rows.map((row) => [`${row.peer_a_id}|${row.peer_b_id}`, toRow(row)]));
  }
}
