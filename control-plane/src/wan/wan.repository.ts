import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Database } from '../database/database';
import { PeerEntity, PublishedServiceEntity, WanNetworkEntity } from '../database/entities';

/** An address someone holds in a WAN range, named for error messages. */
export interface AddressHolder {
  readonly ip: string;
  readonly holder: string;
}

@Injectable()
export class WanRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  list(): Promise<WanNetworkEntity[]> {
    return this.database.manager.find(WanNetworkEntity, { order: { createdAt: 'ASC', id: 'ASC' } });
  }

  findById(id: string, manager: EntityManager = this.database.manager): Promise<WanNetworkEntity | null> {
    return manager.findOneBy(WanNetworkEntity, { id });
  }

  /**
   * Reads the WAN and locks its row until the transaction ends. Every change to a WAN's
   * addresses takes this lock first, so allocations in one WAN happen one at a time while
   * other WANs proceed in parallel.
   */
  lockById(manager: EntityManager, id: string): Promise<WanNetworkEntity | null> {
    return manager.findOne(WanNetworkEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  existsByName(manager: EntityManager, name: string, exceptId?: string): Promise<boolean> {
    return manager
      .createQueryBuilder(WanNetworkEntity, 'wan')
      .where('lower(wan.name) = lower(:name)', { name })
      .andWhere(exceptId ? 'wan.id <> :exceptId' : 'TRUE', { exceptId })
      .getExists();
  }

  insert(manager: EntityManager, values: Partial<WanNetworkEntity>): Promise<WanNetworkEntity> {
    return manager.save(manager.create(WanNetworkEntity, values));
  }

  save(manager: EntityManager, wan: WanNetworkEntity): Promise<WanNetworkEntity> {
    return manager.save(wan);
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(WanNetworkEntity, { id });
  }

  async peerIds(manager: EntityManager, wanId: string): Promise<string[]> {
    const rows = await manager.find(PeerEntity, { where: { wanId }, select: { id: true } });
    return rows.map((row) => row.id);
  }

  async tunnelIpHolders(manager: EntityManager, wanId: string): Promise<AddressHolder[]> {
    const peers = await manager.find(PeerEntity, { where: { wanId }, select: { name: true, tunnelIp: true } });
    return peers.map((peer) => ({ ip: peer.tunnelIp, holder: `peer "${peer.name}"` }));
  }

  async sharedIpHolders(manager: EntityManager, wanId: string): Promise<AddressHolder[]> {
    const services = await manager.find(PublishedServiceEntity, { where: { wanId }, select: { name: true, sharedIp: true } });
    return services.map((service) => ({ ip: service.sharedIp, holder: `service "${service.name}"` }));
  }
}
