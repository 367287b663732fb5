import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Database } from '../database/database';
import { PublishedServiceEntity } from '../database/entities';

@Injectable()
export class ServiceRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  findById(id: string, manager: EntityManager = this.database.manager): Promise<PublishedServiceEntity | null> {
    return manager.findOneBy(PublishedServiceEntity, { id });
  }

  /** Every service of the WAN: the shared-IP pool's taken set and the endpoint clash check. */
  inWan(wanId: string, manager: EntityManager = this.database.manager): Promise<PublishedServiceEntity[]> {
    return manager.find(PublishedServiceEntity, { where: { wanId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  async page(wanId: string, limit: number, offset: number): Promise<{ services: PublishedServiceEntity[]; total: number }> {
    const [services, total] = await this.database.manager.findAndCount(PublishedServiceEntity, {
      where: { wanId },
      order: { createdAt: 'ASC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { services, total };
  }

  insert(manager: EntityManager, values: Partial<PublishedServiceEntity>): Promise<PublishedServiceEntity> {
    return manager.save(manager.create(PublishedServiceEntity, values));
  }

  save(manager: EntityManager, service: PublishedServiceEntity): Promise<PublishedServiceEntity> {
    return manager.save(service);
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(PublishedServiceEntity, { id });
  }
}
