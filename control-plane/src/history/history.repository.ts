import { Inject, Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { Database } from '../database/database';
import { ConfigurationHistoryEntity } from '../database/entities';

export const CONFIG_TYPES = ['wireguard', 'mikrotik-script', 'nftables'] as const;
export type ConfigType = (typeof CONFIG_TYPES)[number];

export interface NewVersion {
  readonly peerId: string;
  readonly configType: ConfigType;
  /** Never holds a plaintext private key: the caller redacts it. */
  readonly configurationText: string;
  readonly digest: string;
}

@Injectable()
export class HistoryRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  /** The newest version of each config type of the given peers. */
  async latestByType(manager: EntityManager, peerIds: readonly string[]): Promise<ConfigurationHistoryEntity[]> {
    if (peerIds.length === 0) return [];
    return manager
      .createQueryBuilder(ConfigurationHistoryEntity, 'h')
      .distinctOn(['h.peer_id', 'h.config_type'])
      .where('h.peer_id IN (:...peerIds)', { peerIds })
      .orderBy('h.peer_id')
      .addOrderBy('h.config_type')
      .addOrderBy('h.version', 'DESC')
      .getMany();
  }

  /** Peers (of those given) with a newest version nobody has marked applied. */
  async pendingPeerIds(peerIds: readonly string[], manager: EntityManager = this.database.manager): Promise<Set<string>> {
    const latest = await this.latestByType(manager, peerIds);
    return new Set(latest.filter((row) => row.appliedAt === null).map((row) => row.peerId));
  }

  /**
   * Appends versions numbered after each peer's highest. Callers hold the WAN's row lock, so
   * numbers don't race; the (peer_id, version) unique constraint backs that up.
   */
  async append(manager: EntityManager, versions: readonly NewVersion[]): Promise<void> {
    if (versions.length === 0) return;
    const peerIds = [...new Set(versions.map((v) => v.peerId))];
    const rows: { peer_id: string; max: number }[] = await manager
      .createQueryBuilder(ConfigurationHistoryEntity, 'h')
      .select('h.peer_id', 'peer_id')
      .addSelect('MAX(h.version)', 'max')
      .where('h.peer_id IN (:...peerIds)', { peerIds })
      .groupBy('h.peer_id')
      .getRawMany();
    const next = new Map(rows.map((row) => [row.peer_id, Number(row.max)]));
    const entities = versions.map((v) => {
      const version = (next.get(v.peerId) ?? 0) + 1;
      next.set(v.peerId, version);
      return manager.create(ConfigurationHistoryEntity, { ...v, version, appliedAt: null });
    });
    await manager.save(entities);
  }

  list(peerId: string, limit: number, offset: number): Promise<[ConfigurationHistoryEntity[], number]> {
    return this.database.manager.findAndCount(ConfigurationHistoryEntity, { where: { peerId }, order: { version: 'DESC' }, take: limit, skip: offset });
  }

  find(peerId: string, id: string, manager: EntityManager = this.database.manager): Promise<ConfigurationHistoryEntity | null> {
    return manager.findOneBy(ConfigurationHistoryEntity, { peerId, id });
  }

  /**
   * Marks a version applied together with the files generated with it (same regeneration:
   * one transaction, so one `generated_at`), since they are applied as one change.
   */
  async markApplied(manager: EntityManager, version: ConfigurationHistoryEntity, at: Date): Promise<void> {
    // Compared in SQL: a JS Date drops the microseconds PostgreSQL keeps.
    await manager
      .createQueryBuilder()
      .update(ConfigurationHistoryEntity)
      .set({ appliedAt: at })
      .where('peer_id = :peerId AND applied_at IS NULL', { peerId: version.peerId })
      .andWhere('generated_at = (SELECT generated_at FROM configuration_history WHERE id = :id)', { id: version.id })
      .execute();
  }

  findMany(ids: readonly string[]): Promise<ConfigurationHistoryEntity[]> {
    return this.database.manager.findBy(ConfigurationHistoryEntity, { id: In([...ids]) });
  }
}
