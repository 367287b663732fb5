import { Inject, Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { Database } from '../database/database';
import { LocalSubnetEntity, PeerEntity } from '../database/entities';
import { containsPattern, parseSort } from '../common/http/list-query';
import type { PeerListQuery } from './peer-list.dto';
import type { PeerSortField } from '@wom/contracts';

export type PeerListFilter = Pick<PeerListQuery, 'q' | 'type' | 'status' | 'tag' | 'subnet' | 'sort'>;

/** The column behind each sort; `status` sorts offline (false) before online. */
const PEER_SORT_COLUMNS: Readonly<Record<PeerSortField, string>> = {
  name: 'peer.name',
  type: 'peer.type',
  status: 'peer.isOnline',
  tunnelAddress: 'peer.tunnelIp',
  lastHandshake: 'peer.lastSeen',
  createdAt: 'peer.createdAt',
};

export type NewSubnet = Pick<LocalSubnetEntity, 'cidr' | 'isRouted' | 'natEnabled' | 'natTranslatedCidr' | 'description'>;

@Injectable()
export class PeerRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  findById(id: string, manager: EntityManager = this.database.manager): Promise<PeerEntity | null> {
    return manager.findOneBy(PeerEntity, { id });
  }

  /** Every tunnel IP held in the WAN: the IPAM's taken set (spec §9.1 step 1). */
  async takenTunnelIps(manager: EntityManager, wanId: string): Promise<string[]> {
    const rows = await manager.find(PeerEntity, { where: { wanId }, select: { tunnelIp: true } });
    return rows.map((row) => row.tunnelIp);
  }

  nameExists(manager: EntityManager, wanId: string, name: string, exceptId?: string): Promise<boolean> {
    return manager
      .createQueryBuilder(PeerEntity, 'peer')
      .where('peer.wan_id = :wanId AND peer.name = :name', { wanId, name })
      .andWhere(exceptId ? 'peer.id <> :exceptId' : 'TRUE', { exceptId })
      .getExists();
  }

  /** One page of a WAN's peers, filtered and sorted in the database (see PeerListQuery). */
  async list(wanId: string, query: PeerListFilter, limit: number, offset: number): Promise<{ peers: PeerEntity[]; total: number }> {
    const qb = this.database.manager.createQueryBuilder(PeerEntity, 'peer').where('peer.wan_id = :wanId', { wanId });
    if (query.q) {
      qb.andWhere(
        `(peer.name ILIKE :q OR peer.endpoint ILIKE :q OR host(peer.tunnel_ip) ILIKE :q
          OR EXISTS (SELECT 1 FROM local_subnet s WHERE s.peer_id = peer.id AND (s.cidr::text ILIKE :q OR s.nat_translated_cidr::text ILIKE :q)))`,
        { q: containsPattern(query.q) },
      );
    }
    if (query.type) qb.andWhere('peer.type = :type', { type: query.type });
    if (query.status === 'online') qb.andWhere('peer.is_online');
    if (query.status === 'offline') qb.andWhere('NOT peer.is_online');
    if (query.status === 'removing') qb.andWhere('peer.removal_requested_at IS NOT NULL');
    if (query.tag) qb.andWhere('peer.tags @> jsonb_build_array(CAST(:tag AS text))', { tag: query.tag });
    // `&&`: either network contains the other, i.e. the two overlap.
    if (query.subnet) qb.andWhere('EXISTS (SELECT 1 FROM local_subnet s WHERE s.peer_id = peer.id AND s.cidr && CAST(:subnet AS cidr))', { subnet: query.subnet });
    const { field, direction } = parseSort(query.sort);
    const column = PEER_SORT_COLUMNS[field];
    // Names are unique in a WAN, so name then id makes every order total and pages stable.
    qb.orderBy(column, direction, field === 'lastHandshake' ? 'NULLS LAST' : undefined);
    if (field !== 'name') qb.addOrderBy('peer.name', 'ASC');
    qb.addOrderBy('peer.id', 'ASC');
    const [peers, total] = await qb.limit(limit).offset(offset).getManyAndCount();
    return { peers, total };
  }

  /**
   * What each peer's links carried, from the peer's side, summed over its links: one query for
   * a page of peers. `link_stats` keeps peer A's counters, so B's received bytes are A's sent.
   */
  async trafficOf(peerIds: readonly string[]): Promise<Map<string, { rxBytes: number; txBytes: number }>> {
    if (peerIds.length === 0) return new Map();
    const rows: { peer_id: string; rx: string; tx: string }[] = await this.database.manager.query(
      `SELECT peer_id, sum(rx) AS rx, sum(tx) AS tx FROM (
         SELECT l.peer_a_id AS peer_id, l.rx_bytes AS rx, l.tx_bytes AS tx FROM link_stats l WHERE l.peer_a_id = ANY($1::uuid[])
         UNION ALL
         SELECT l.peer_b_id, l.tx_bytes, l.rx_bytes FROM link_stats l WHERE l.peer_b_id = ANY($1::uuid[])
       ) links GROUP BY peer_id`,
      [[...peerIds]],
    );
    return new Map(rows.map((row) => [row.peer_id, { rxBytes: Number(row.rx), txBytes: Number(row.tx) }]));
  }

  insert(manager: EntityManager, values: Partial<PeerEntity>): Promise<PeerEntity> {
    return manager.save(manager.create(PeerEntity, values));
  }

  save(manager: EntityManager, peer: PeerEntity): Promise<PeerEntity> {
    return manager.save(peer);
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(PeerEntity, { id });
  }

  /** Subnets of several peers at once, so a page of peers costs two queries, not n + 1. */
  subnetsOf(peerIds: readonly string[], manager: EntityManager = this.database.manager): Promise<LocalSubnetEntity[]> {
    if (peerIds.length === 0) return Promise.resolve([]);
    return manager.find(LocalSubnetEntity, { where: { peerId: In([...peerIds]) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Every subnet of the WAN, for conflict detection. */
  wanSubnets(manager: EntityManager, wanId: string): Promise<LocalSubnetEntity[]> {
    return manager
      .createQueryBuilder(LocalSubnetEntity, 'subnet')
      .innerJoin(PeerEntity, 'peer', 'peer.id = subnet.peer_id')
      .where('peer.wan_id = :wanId', { wanId })
      .getMany();
  }

  async replaceSubnets(manager: EntityManager, peerId: string, subnets: readonly NewSubnet[]): Promise<LocalSubnetEntity[]> {
    await manager.delete(LocalSubnetEntity, { peerId });
    if (subnets.length === 0) return [];
    return manager.save(subnets.map((subnet) => manager.create(LocalSubnetEntity, { ...subnet, peerId })));
  }
}
