import { Inject, Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import type { LinkHandshake } from './topology-edges';

/**
 * The last handshake routers reported for each link of a WAN (`link_stats`, one row per pair,
 * smaller id first), read with one indexed query and only the columns the topology shows.
 */
@Injectable()
export class LinkHandshakeRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  async forWan(wanId: string): Promise<LinkHandshake[]> {
    const rows: { peer_a_id: string; peer_b_id: string; last_handshake: Date | string | null }[] = await this.database.manager.query(
      'SELECT peer_a_id, peer_b_id, last_handshake FROM link_stats WHERE wan_id = $1',
      [wanId],
    );
    return rows.map((row) => ({ pairKey: `${row.peer_a_id}|${row.peer_b_id}`, lastHandshake: row.last_handshake === null ? null : new Date(row.last_handshake) }));
  }
}
