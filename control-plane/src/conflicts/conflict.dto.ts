import { CONFLICT_RESOLUTIONS, type ConflictResolution, type RoutingConflict, type SubnetConflict } from '@wom/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { IsCidr } from '../common/validation/domain-rules';
import type { SubnetConflictEntity } from '../database/entities';
import { MAX_SUBNETS_PER_PEER, SubnetDto, type SubnetResponse } from '../peers/peer.dto';

export const CONFLICT_STATUSES = ['open', 'resolved', 'all'] as const;

export class ConflictListQuery {
  @IsOptional() @IsIn(CONFLICT_STATUSES, { message: `status must be one of ${CONFLICT_STATUSES.join(', ')}.` }) status: (typeof CONFLICT_STATUSES)[number] = 'open';
}

/** Proposed subnets to check instead of the stored ones; omit to check what is stored. */
export class CheckConflictsDto {
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_SUBNETS_PER_PEER) @ValidateNested({ each: true }) @Type(() => SubnetDto) subnets?: SubnetDto[];
}

export class ResolveConflictDto {
  @IsIn(CONFLICT_RESOLUTIONS, { message: `resolution must be one of ${CONFLICT_RESOLUTIONS.join(', ')}.` }) resolution!: ConflictResolution;
  /** Which side to change; defaults to the newer of the two subnets. */
  @IsOptional() @IsUUID('all', { message: 'subnetId must be the id of one of the two subnets in the conflict.' }) subnetId?: string;
  /** change-network: the subnet's new LAN. */
  @IsOptional() @IsCidr() newCidr?: string;
  /** selective-routing: the parts of the subnet to keep routing. */
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_SUBNETS_PER_PEER) @IsCidr({ each: true }) allowedCidrs?: string[];
}

export interface ConflictResponse {
  readonly id: string;
  readonly wanId: string;
  readonly conflictKey: string;
  readonly severity: string;
  readonly kinds: readonly string[];
  readonly status: string;
  readonly resolution: string | null;
  readonly overlap: string;
  readonly message: string;
  readonly parties: readonly unknown[];
  readonly shadowed: readonly unknown[];
  readonly resolutions: readonly string[];
  readonly detectedAt: string;
  readonly resolvedAt: string | null;
}

export function toConflictResponse(row: SubnetConflictEntity): ConflictResponse {
  const detail = row.detail as unknown as RoutingConflict;
  return {
    id: row.id,
    wanId: row.wanId,
    conflictKey: row.conflictKey,
    severity: row.severity,
    kinds: row.kinds,
    status: row.status,
    resolution: row.resolution,
    overlap: detail.overlap,
    message: detail.message,
    parties: [detail.a, detail.b],
    shadowed: detail.shadowed,
    resolutions: detail.resolutions,
    detectedAt: row.detectedAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
  };
}

/** A computed (unstored) conflict, as check-conflicts shows it. */
export interface DetectedConflictResponse {
  readonly conflictKey: string;
  readonly severity: string;
  readonly kinds: readonly string[];
  readonly overlap: string;
  readonly message: string;
  readonly parties: readonly unknown[];
  readonly resolutions: readonly string[];
}

export function toDetectedConflictResponse(conflict: SubnetConflict): DetectedConflictResponse {
  return {
    conflictKey: conflict.id,
    severity: conflict.severity,
    kinds: conflict.severity === 'routing' ? conflict.kinds : [conflict.via === 'cidr' ? 'wan-range-overlap' : 'translation-overlap'],
    overlap: conflict.overlap,
    message: conflict.message,
    parties: [conflict.a, conflict.b],
    resolutions: conflict.resolutions,
  };
}

export interface ResolveConflictResponse {
  readonly conflictId: string;
  readonly resolution: ConflictResolution;
  /** The subnets the resolution changed or added, as the peer API shows them. */
  readonly subnets: readonly SubnetResponse[];
  /** Whether part of the conflict was left behind and accepted (see planConflictSync). */
  readonly residualAccepted: boolean;
  readonly openConflicts: number;
}
