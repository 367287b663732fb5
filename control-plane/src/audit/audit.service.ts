import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal';
import { Database } from '../database/database';
import { AuditLogEntity } from '../database/entities';
import { redactSecrets } from '../secrets';
import type { AuditActor } from './audit-actor';
import { currentRequest } from './request-context';

/** One change, as a service describes it. `before`/`after` are redacted before they are stored. */
export interface AuditEntry {
  /** `<entity>.<verb>`, e.g. `peer.create`. */
  readonly action: string;
  readonly entityType: string;
  readonly entityId?: string | null;
  readonly wanId?: string | null;
  readonly before?: object | null;
  readonly after?: object | null;
}

export type { AuditActor } from './audit-actor';

const actorOf = (principal: Principal | undefined): AuditActor =>
  principal ? { type: principal.kind, id: principal.id, name: principal.name } : { type: 'anonymous', id: null, name: null };

const cut = (value: string | null | undefined, length: number): string | null => (value == null ? null : value.slice(0, length));

/** JSON-safe, redacted copy: Dates become strings the way the API shows them. */
const snapshot = (value: object | null | undefined): Record<string, unknown> | null =>
  value == null ? null : (JSON.parse(JSON.stringify(redactSecrets(value))) as Record<string, unknown>);

/**
 * Writes the audit trail (spec §10.4). Services call {@link record} with their transaction's
 * manager so the entry commits or rolls back with the change; actor, client IP and request
 * id come from the request being served.
 */
@Injectable()
export class AuditService {
  constructor(@Inject(Database) private readonly database: Database) {}

  async record(manager: EntityManager | null, entry: AuditEntry, actor?: AuditActor): Promise<void> {
    const req = currentRequest();
    const who = actor ?? req?.auditActor ?? actorOf(req?.principal);
    const row: Partial<AuditLogEntity> = {
      actorType: who.type,
      actorId: cut(who.id, 64),
      actorName: cut(who.name, 64),
      action: entry.action.slice(0, 64),
      resourceType: entry.entityType.slice(0, 32),
      resourceId: cut(entry.entityId, 64),
      wanId: entry.wanId ?? null,
      before: snapshot(entry.before),
      after: snapshot(entry.after),
      ip: cut(req?.ip, 64),
      requestId: req?.id !== undefined && req.id !== null ? String(req.id).slice(0, 64) : null,
    };
    const target = manager ?? this.database.manager;
    await target.save(target.create(AuditLogEntity, row));
    if (req) req.audited = true;
  }
}
