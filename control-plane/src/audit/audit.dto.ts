import { IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { PaginationQuery } from '../common/http/pagination.dto';
import type { AuditLogEntity } from '../database/entities';

/** `GET /api/audit` filters; all optional and combined with AND. */
export class AuditQuery extends PaginationQuery {
  /** A user id, API key id or name (`local` in single-user mode). */
  @IsOptional() @IsString() @MaxLength(64) actor?: string;
  @IsOptional() @IsString() @MaxLength(64) action?: string;
  @IsOptional() @IsString() @MaxLength(32) entityType?: string;
  @IsOptional() @IsString() @MaxLength(64) entityId?: string;
  @IsOptional() @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 time like 2026-01-31T12:00:00Z.' }) from?: string;
  @IsOptional() @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 time like 2026-01-31T12:00:00Z.' }) to?: string;
}

export interface AuditEntryResponse {
  readonly id: string;
  readonly at: string;
  readonly actor: { readonly type: string; readonly id: string | null; readonly name: string | null };
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string | null;
  readonly wanId: string | null;
  readonly before: Record<string, unknown> | null;
  readonly after: Record<string, unknown> | null;
  readonly ip: string | null;
  readonly requestId: string | null;
}

export const toAuditEntryResponse = (row: AuditLogEntity): AuditEntryResponse => ({
  id: row.id,
  at: row.at.toISOString(),
  actor: { type: row.actorType, id: row.actorId, name: row.actorName },
  action: row.action,
  entityType: row.resourceType,
  entityId: row.resourceId,
  wanId: row.wanId,
  before: row.before,
  after: row.after,
  ip: row.ip,
  requestId: row.requestId,
});
