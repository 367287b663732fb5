import { Inject, Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { Database } from '../database/database';
import { LocalSubnetEntity, PeerEntity } from '../database/entities';

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

  async page(wanId: string, limit: number, offset: number): Promise<{ peers: PeerEntity[]; total: number }> {
    const [peers, total] = await this.database.manager.findAndCount(PeerEntity, {
      where: { wanId },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { peers, total };
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
