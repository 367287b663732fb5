import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PaginationQuery } from '../common/http/pagination.dto';
import type { AuditLogEntity } from '../database/entities';
import type { AuditEntryResponse } from '@wom/contracts';

export type { AuditEntryResponse };

/** `GET /api/audit` filters; all optional and combined with AND. Always newest first, 50 a page by default. */
export class AuditQuery extends PaginationQuery {
  @ApiPropertyOptional({ type: String, maxLength: 100, example: 'paris', description: 'Case-insensitive text in the action, entity type or id, actor, or the before/after details.' })
  @IsOptional() @IsString() @MaxLength(100, { message: 'q must be at most 100 characters.' }) q?: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', example: '3f0c1a52-6d0e-4c59-9a57-0d1f4a3b2c10', description: 'Only the entries about this WAN.' })
  @IsOptional() @IsUUID('all', { message: 'wanId must be a WAN id (a UUID).' }) wanId?: string;
  /** A user id, API key id or name (`local` in single-user mode). */
  @ApiPropertyOptional({ type: String, maxLength: 64, example: 'alice', description: 'A user id, API key id or name (local in single-user mode).' }) @IsOptional() @IsString() @MaxLength(64) actor?: string;
  @ApiPropertyOptional({ type: String, maxLength: 64, example: 'peer.update' }) @IsOptional() @IsString() @MaxLength(64) action?: string;
  @ApiPropertyOptional({ type: String, maxLength: 32, example: 'peer' }) @IsOptional() @IsString() @MaxLength(32) entityType?: string;
  @ApiPropertyOptional({ type: String, maxLength: 64, example: '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d' }) @IsOptional() @IsString() @MaxLength(64) entityId?: string;
  @ApiPropertyOptional({ type: String, maxLength: 64, example: 'req-8f14e45f', description: 'Only the entries one request wrote (its X-Request-Id), to match the trail with the request log.' })
  @IsOptional() @IsString() @MaxLength(64) requestId?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', example: '2026-01-01T00:00:00Z', description: 'Entries at or after this time.' })
  @IsOptional() @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 time like 2026-01-31T12:00:00Z.' }) from?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', example: '2026-01-31T23:59:59Z', description: 'Entries at or before this time.' })
  @IsOptional() @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 time like 2026-01-31T12:00:00Z.' }) to?: string;
}

export class AuditActorDoc {
  @ApiProperty({ example: 'user', description: 'user, api-key, local or system.' }) readonly type!: string;
  @ApiProperty({ type: String, nullable: true, example: '7c9e6679-7425-40de-944b-e07fc1f90ae7' }) readonly id!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'alice' }) readonly name!: string | null;
}

const SNAPSHOT = { type: 'object', additionalProperties: true, nullable: true } as const;

/** The documented shape of AuditEntryResponse. */
export class AuditEntryResponseDoc implements AuditEntryResponse {
  @ApiProperty({ format: 'uuid', example: 'c0a80101-0000-4000-8000-000000000001' }) readonly id!: string;
  @ApiProperty({ example: '2026-01-31T12:00:00.000Z' }) readonly at!: string;
  @ApiProperty({ type: () => AuditActorDoc }) readonly actor!: AuditActorDoc;
  @ApiProperty({ example: 'peer.update' }) readonly action!: string;
  @ApiProperty({ example: 'peer' }) readonly entityType!: string;
  @ApiProperty({ type: String, nullable: true, example: '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d' }) readonly entityId!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '3f0c1a52-6d0e-4c59-9a57-0d1f4a3b2c10' }) readonly wanId!: string | null;
  @ApiProperty({ ...SNAPSHOT, description: 'The entity before the change, secrets redacted.', example: { listenPort: 51820 } }) readonly before!: Record<string, unknown> | null;
  @ApiProperty({ ...SNAPSHOT, description: 'The entity after the change, secrets redacted.', example: { listenPort: 51821 } }) readonly after!: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true, example: '192.0.2.10' }) readonly ip!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'req-8f14e45f' }) readonly requestId!: string | null;
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
