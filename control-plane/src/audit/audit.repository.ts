import { Inject, Injectable } from '@nestjs/common';
import { Database } from '../database/database';
import { AuditLogEntity } from '../database/entities';
import { containsPattern } from '../common/http/list-query';
import type { AuditQuery } from './audit.dto';

@Injectable()
export class AuditRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  /** Newest first. */
  async page(query: AuditQuery): Promise<{ rows: AuditLogEntity[]; total: number }> {
    const qb = this.database.manager.createQueryBuilder(AuditLogEntity, 'a');
    if (query.actor !== undefined) qb.andWhere('(a.actorId = :actor OR a.actorName = :actor)', { actor: query.actor });
    if (query.action !== undefined) qb.andWhere('a.action = :action', { action: query.action });
    if (query.entityType !== undefined) qb.andWhere('a.resourceType = :entityType', { entityType: query.entityType });
    if (query.entityId !== undefined) qb.andWhere('a.resourceId = :entityId', { entityId: query.entityId });
    if (query.wanId !== undefined) qb.andWhere('a.wanId = :wanId', { wanId: query.wanId });
    if (query.requestId !== undefined) qb.andWhere('a.requestId = :requestId', { requestId: query.requestId });
    if (query.q) {
      // The details are searched as their JSON text, so a peer's name or address in before/after matches.
      qb.andWhere(
        `(a.action ILIKE :q OR a.resource_type ILIKE :q OR a.resource_id ILIKE :q OR a.actor_name ILIKE :q OR a.actor_id ILIKE :q
          OR a.before::text ILIKE :q OR a.after::text ILIKE :q)`,
        { q: containsPattern(query.q) },
      );
    }
    if (query.from !== undefined) qb.andWhere('a.at >= :from', { from: new Date(query.from) });
    if (query.to !== undefined) qb.andWhere('a.at <= :to', { to: new Date(query.to) });
    const [rows, total] = await qb.orderBy('a.at', 'DESC').addOrderBy('a.id', 'DESC').limit(query.limit).offset(query.offset).getManyAndCount();
    return { rows, total };
  }
}
