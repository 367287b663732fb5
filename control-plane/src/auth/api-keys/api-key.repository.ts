import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Database } from '../../database/database';
import { ApiKeyEntity } from '../../database/entities';

@Injectable()
export class ApiKeyRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  list(): Promise<ApiKeyEntity[]> {
    return this.database.manager.find(ApiKeyEntity, { order: { createdAt: 'DESC' } });
  }

  findById(id: string, manager: EntityManager = this.database.manager): Promise<ApiKeyEntity | null> {
    return manager.findOneBy(ApiKeyEntity, { id });
  }

  /** By the public id in the token (`prefix` column), with the owner to check it is still active. */
  findByPrefix(prefix: string): Promise<ApiKeyEntity | null> {
    return this.database.manager.findOne(ApiKeyEntity, { where: { prefix }, relations: { user: true } });
  }

  insert(manager: EntityManager, key: Pick<ApiKeyEntity, 'name' | 'prefix' | 'keyHash' | 'role' | 'userId' | 'expiresAt'>): Promise<ApiKeyEntity> {
    return manager.save(manager.create(ApiKeyEntity, { ...key, lastUsedAt: null, revokedAt: null }));
  }

  save(manager: EntityManager, key: ApiKeyEntity): Promise<ApiKeyEntity> {
    return manager.save(key);
  }

  async touch(id: string, at: Date): Promise<void> {
    await this.database.manager.update(ApiKeyEntity, { id }, { lastUsedAt: at });
  }
}
