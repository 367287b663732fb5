import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CONFLICT_RESOLUTIONS, CONFLICT_SEVERITIES, type ConflictResolution, type ConflictSeverity, type RoutingConflict, type SubnetConflict } from '@wom/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { IsCidr } from '../common/validation/domain-rules';
import type { SubnetConflictEntity } from '../database/entities';
import { MAX_SUBNETS_PER_PEER, SubnetDto, SubnetResponseDoc } from '../peers/peer.dto';
import type { AffectedPeerResponse, ConflictPartyResponse, ConflictResponse, DetectedConflictResponse, PlannedSubnetResponse, ResolutionPreviewResponse, ResolveConflictResponse } from '@wom/contracts';

export type { ConflictResponse, DetectedConflictResponse, ResolutionPreviewResponse, ResolveConflictResponse };

export const CONFLICT_STATUSES = ['open', 'resolved', 'all'] as const;

export class ConflictListQuery {
  @ApiPropertyOptional({ enum: CONFLICT_STATUSES, default: 'open', example: 'open' })
  @IsOptional() @IsIn(CONFLICT_STATUSES, { message: `status must be one of ${CONFLICT_STATUSES.join(', ')}.` }) status: (typeof CONFLICT_STATUSES)[number] = 'open';
}

/** Proposed subnets to check instead of the stored ones; omit to check what is stored. */
export class CheckConflictsDto {
  @ApiPropertyOptional({ type: () => SubnetDto, isArray: true, maxItems: MAX_SUBNETS_PER_PEER, description: 'Proposed subnets to check instead of the stored ones; omit to check what is stored.' })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_SUBNETS_PER_PEER) @ValidateNested({ each: true }) @Type(() => SubnetDto) subnets?: SubnetDto[];
}

export class ResolveConflictDto {
  @ApiProperty({ enum: CONFLICT_RESOLUTIONS, example: 'nat-translate' })
  @IsIn(CONFLICT_RESOLUTIONS, { message: `resolution must be one of ${CONFLICT_RESOLUTIONS.join(', ')}.` }) resolution!: ConflictResolution;
  /** Which side to change; defaults to the newer of the two subnets. */
  @ApiPropertyOptional({ type: String, format: 'uuid', example: '9b2f6c1e-0a43-4f0e-8f3b-5d7c2e1a9b40', description: 'Which side to change; defaults to the newer of the two subnets.' })
  @IsOptional() @IsUUID('all', { message: 'subnetId must be the id of one of the two subnets in the conflict.' }) subnetId?: string;
  /** change-network: the subnet's new LAN. */
  @ApiPropertyOptional({ type: String, example: '192.168.20.0/24', description: 'change-network: the subnet’s new LAN.' }) @IsOptional() @IsCidr() newCidr?: string;
  /** selective-routing: the parts of the subnet to keep routing. */
  @ApiPropertyOptional({ type: String, isArray: true, minItems: 1, maxItems: MAX_SUBNETS_PER_PEER, example: ['192.168.10.0/25'], description: 'selective-routing: the parts of the subnet to keep routing.' })
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(MAX_SUBNETS_PER_PEER) @IsCidr({ each: true }) allowedCidrs?: string[];
}

/** A side of a conflict: a peer's subnet, or one of the WAN's own ranges (then only kind and cidr). */
export class ConflictPartyDoc {
  @ApiProperty({ enum: ['subnet', 'tunnel-range', 'shared-services-range'], example: 'subnet' }) readonly kind!: ConflictPartyResponse['kind'];
  @ApiProperty({ example: '192.168.10.0/24' }) readonly cidr!: string;
  @ApiPropertyOptional({ format: 'uuid', example: '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d' }) readonly peerId?: string;
  @ApiPropertyOptional({ example: 'paris-office' }) readonly peerName?: string;
  @ApiPropertyOptional({ format: 'uuid', example: '9b2f6c1e-0a43-4f0e-8f3b-5d7c2e1a9b40' }) readonly subnetId?: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '192.168.10.0/24', description: 'The prefix the WAN routes for it (its NAT translation if any); null when not routed.' }) readonly routedAs?: string | null;
}

export class ShadowedLanDoc {
  @ApiProperty({ format: 'uuid', example: '9b2f6c1e-0a43-4f0e-8f3b-5d7c2e1a9b40' }) readonly subnetId!: string;
  @ApiProperty({ example: '192.168.10.0/25', description: 'The part of the LAN the other side’s route covers.' }) readonly overlap!: string;
}

/** The documented shape of DetectedConflictResponse. */
export class DetectedConflictResponseDoc implements DetectedConflictResponse {
  @ApiProperty({ description: 'Stable across runs.', example: 'routing:9b2f6c1e-0a43-4f0e-8f3b-5d7c2e1a9b40:a1b2c3d4-0a43-4f0e-8f3b-5d7c2e1a9b41' }) readonly conflictKey!: string;
  @ApiProperty({ enum: CONFLICT_SEVERITIES, example: 'routing' }) readonly severity!: ConflictSeverity;
  @ApiProperty({ type: [String], example: ['ambiguous-route'] }) readonly kinds!: readonly string[];
  @ApiProperty({ example: '192.168.10.0/24', description: 'The addresses both sides claim.' }) readonly overlap!: string;
  @ApiProperty({ example: 'paris-office and lyon-office both route 192.168.10.0/24.' }) readonly message!: string;
  @ApiProperty({ type: () => [ConflictPartyDoc] }) readonly parties!: readonly ConflictPartyDoc[];
  @ApiProperty({ enum: CONFLICT_RESOLUTIONS, isArray: true, example: ['nat-translate', 'change-network'], description: 'Resolutions that remove this conflict, best first.' }) readonly resolutions!: readonly ConflictResolution[];
}

/** The documented shape of ConflictResponse. */
export class ConflictResponseDoc extends DetectedConflictResponseDoc implements ConflictResponse {
  @ApiProperty({ format: 'uuid', example: 'e7d8c9b0-1a2b-4c3d-8e4f-5a6b7c8d9e0f' }) readonly id!: string;
  @ApiProperty({ format: 'uuid', example: '3f0c1a52-6d0e-4c59-9a57-0d1f4a3b2c10' }) readonly wanId!: string;
  @ApiProperty({ enum: ['open', 'resolved'], example: 'open' }) readonly status!: string;
  @ApiProperty({ type: String, nullable: true, enum: CONFLICT_RESOLUTIONS, example: null }) readonly resolution!: string | null;
  @ApiProperty({ type: () => [ShadowedLanDoc] }) readonly shadowed!: readonly ShadowedLanDoc[];
  @ApiProperty({ example: '2026-01-31T12:00:00.000Z' }) readonly detectedAt!: string;
  @ApiProperty({ type: String, nullable: true, example: null }) readonly resolvedAt!: string | null;
}

export class CheckConflictsResponseDoc {
  @ApiProperty({ format: 'uuid', example: '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d' }) readonly peerId!: string;
  @ApiProperty({ type: () => [DetectedConflictResponseDoc] }) readonly conflicts!: readonly DetectedConflictResponseDoc[];
}

export function toConflictResponse(row: SubnetConflictEntity): ConflictResponse {
  const detail = row.detail as unknown as RoutingConflict;
  return {
    id: row.id,
    wanId: row.wanId,
    conflictKey: row.conflictKey,
    // Stored from the detector's ConflictSeverity; the column is plain text.
    severity: row.severity as ConflictSeverity,
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

/** The documented shape of ResolveConflictResponse. */
export class ResolveConflictResponseDoc implements ResolveConflictResponse {
  @ApiProperty({ format: 'uuid', example: 'e7d8c9b0-1a2b-4c3d-8e4f-5a6b7c8d9e0f' }) readonly conflictId!: string;
  @ApiProperty({ enum: CONFLICT_RESOLUTIONS, example: 'nat-translate' }) readonly resolution!: ConflictResolution;
  @ApiProperty({ type: () => [SubnetResponseDoc], description: 'The subnets the resolution changed or added.' }) readonly subnets!: readonly SubnetResponseDoc[];
  @ApiProperty({ example: false, description: 'Part of the conflict was left behind and accepted.' }) readonly residualAccepted!: boolean;
  @ApiProperty({ type: 'integer', example: 0, description: 'Conflicts still open in the WAN.' }) readonly openConflicts!: number;
}

/** The documented shape of PlannedSubnetResponse. */
export class PlannedSubnetResponseDoc implements PlannedSubnetResponse {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: '9b2f6c1e-0a43-4f0e-8f3b-5d7c2e1a9b40', description: 'Null for a subnet the resolution adds.' }) readonly id!: string | null;
  @ApiProperty({ format: 'uuid', example: '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d' }) readonly peerId!: string;
  @ApiProperty({ example: '192.168.10.0/24' }) readonly cidr!: string;
  @ApiProperty({ example: true }) readonly isRouted!: boolean;
  @ApiProperty({ example: true }) readonly natEnabled!: boolean;
  @ApiProperty({ type: String, nullable: true, example: '172.16.0.0/24' }) readonly natTranslatedCidr!: string | null;
  @ApiProperty({ example: '' }) readonly description!: string;
}

/** The documented shape of AffectedPeerResponse. */
export class AffectedPeerResponseDoc implements AffectedPeerResponse {
  @ApiProperty({ format: 'uuid', example: '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d' }) readonly peerId!: string;
  @ApiProperty({ example: 'paris-office' }) readonly peerName!: string;
  @ApiProperty({ example: 'mikrotik' }) readonly peerType!: string;
  @ApiProperty({ example: 'mikrotik-api' }) readonly deploymentMode!: string;
}

/** The documented shape of ResolutionPreviewResponse. */
export class ResolutionPreviewResponseDoc implements ResolutionPreviewResponse {
  @ApiProperty({ format: 'uuid', example: 'e7d8c9b0-1a2b-4c3d-8e4f-5a6b7c8d9e0f' }) readonly conflictId!: string;
  @ApiProperty({ enum: CONFLICT_RESOLUTIONS, example: 'nat-translate' }) readonly resolution!: ConflictResolution;
  @ApiProperty({ type: () => SubnetResponseDoc, description: 'The subnet the resolution changes, as it is now.' }) readonly before!: SubnetResponseDoc;
  @ApiProperty({ type: () => PlannedSubnetResponseDoc, description: 'The same subnet as resolve will leave it.' }) readonly after!: PlannedSubnetResponseDoc;
  @ApiProperty({ type: () => [PlannedSubnetResponseDoc], description: 'Subnets the resolution adds (selective routing).' }) readonly added!: readonly PlannedSubnetResponseDoc[];
  @ApiProperty({ type: () => [AffectedPeerResponseDoc], description: 'Peers whose compiled configuration changes.' }) readonly affectedPeers!: readonly AffectedPeerResponseDoc[];
  @ApiProperty({ example: false, description: 'Part of the conflict would be left behind and accepted.' }) readonly residualAccepted!: boolean;
}
