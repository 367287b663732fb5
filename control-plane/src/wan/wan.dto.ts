import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { TOPOLOGY_TYPES, type TopologyType } from '@wom/domain';
import { IsIn, IsOptional } from 'class-validator';
import { IsCidr, IsSafeDescription, IsSafeName } from '../common/validation/domain-rules';
import type { WanNetworkEntity } from '../database/entities';
import type { WanResponse } from '@wom/contracts';

export type { WanResponse };

export class CreateWanDto {
  @ApiProperty({ type: String, example: 'corp-wan', description: 'Unique; letters, digits, dot, underscore or hyphen.' }) @IsSafeName() name!: string;
  @ApiPropertyOptional({ type: String, example: 'Offices and data centres' }) @IsOptional() @IsSafeDescription() description?: string;
  /** Defaults to 10.0.0.0/24 (spec §3.1.1). */
  @ApiPropertyOptional({ type: String, example: '10.0.0.0/24', description: 'Tunnel addresses of the peers. Default 10.0.0.0/24.' }) @IsOptional() @IsCidr() tunnelIpRange?: string;
  /** Defaults to 10.0.5.0/24 (spec §3.1.2). */
  @ApiPropertyOptional({ type: String, example: '10.0.5.0/24', description: 'Shared addresses that published services are reached on. Default 10.0.5.0/24.' }) @IsOptional() @IsCidr() sharedServicesRange?: string;
  @ApiPropertyOptional({ enum: TOPOLOGY_TYPES, example: 'hub-spoke' })
  @IsOptional() @IsIn(TOPOLOGY_TYPES, { message: `topologyType must be one of ${TOPOLOGY_TYPES.join(', ')}.` }) topologyType?: TopologyType;
}

export class UpdateWanDto extends PartialType(CreateWanDto) {}

/** The documented shape of WanResponse. */
export class WanResponseDoc implements WanResponse {
  @ApiProperty({ format: 'uuid', example: '3f0c1a52-6d0e-4c59-9a57-0d1f4a3b2c10' }) readonly id!: string;
  @ApiProperty({ example: 'corp-wan' }) readonly name!: string;
  @ApiProperty({ example: 'Offices and data centres' }) readonly description!: string;
  @ApiProperty({ example: '10.0.0.0/24' }) readonly tunnelIpRange!: string;
  @ApiProperty({ example: '10.0.5.0/24' }) readonly sharedServicesRange!: string;
  @ApiProperty({ enum: TOPOLOGY_TYPES, example: 'hub-spoke' }) readonly topologyType!: TopologyType;
  @ApiProperty({ example: '2026-01-31T12:00:00.000Z' }) readonly createdAt!: string;
  @ApiProperty({ example: '2026-01-31T12:00:00.000Z' }) readonly updatedAt!: string;
}

export function toWanResponse(wan: WanNetworkEntity): WanResponse {
  return {
    id: wan.id,
    name: wan.name,
    description: wan.description,
    tunnelIpRange: wan.tunnelIpRange,
    sharedServicesRange: wan.sharedServicesRange,
    topologyType: wan.topologyType,
    createdAt: wan.createdAt.toISOString(),
    updatedAt: wan.updatedAt.toISOString(),
  };
}
