import { PartialType } from '@nestjs/swagger';
import { TOPOLOGY_TYPES, type TopologyType } from '@wom/domain';
import { IsIn, IsOptional } from 'class-validator';
import { IsCidr, IsSafeDescription, IsSafeName } from '../common/validation/domain-rules';
import type { WanNetworkEntity } from '../database/entities';

export class CreateWanDto {
  @IsSafeName() name!: string;
  @IsOptional() @IsSafeDescription() description?: string;
  /** Defaults to 10.0.0.0/24 (spec §3.1.1). */
  @IsOptional() @IsCidr() tunnelIpRange?: string;
  /** Defaults to 10.0.5.0/24 (spec §3.1.2). */
  @IsOptional() @IsCidr() sharedServicesRange?: string;
  @IsOptional() @IsIn(TOPOLOGY_TYPES, { message: `topologyType must be one of ${TOPOLOGY_TYPES.join(', ')}.` }) topologyType?: TopologyType;
}

export class UpdateWanDto extends PartialType(CreateWanDto) {}

export interface WanResponse {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly tunnelIpRange: string;
  readonly sharedServicesRange: string;
  readonly topologyType: TopologyType;
  readonly createdAt: string;
  readonly updatedAt: string;
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
