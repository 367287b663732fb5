import { toDomainService } from '../topology/topology-snapshot.repository';
import { PartialType } from '@nestjs/swagger';
import { SERVICE_PROTOCOLS, type ServiceProtocol } from '@wom/domain';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { IsIpv4, IsPort, IsSafeDescription, IsSafeName } from '../common/validation/domain-rules';
import type { PublishedServiceEntity } from '../database/entities';

export class CreateServiceDto {
  @IsSafeName() name!: string;
  @IsOptional() @IsSafeDescription() description?: string;
  /** The service's address on the peer's side (a LAN host or the peer itself). */
  @IsIpv4() localIp!: string;
  @IsPort() localPort!: number;
  /** A shared IP to claim; omitted, the first free one of the shared-services range is allocated. */
  @IsOptional() @IsIpv4() sharedIp?: string;
  /** Defaults to localPort. */
  @IsOptional() @IsPort() sharedPort?: number;
  @IsIn(SERVICE_PROTOCOLS, { message: `protocol must be one of ${SERVICE_PROTOCOLS.join(', ')}.` }) protocol!: ServiceProtocol;
  @IsOptional() @IsBoolean() isActive?: boolean;
}

/** Every field optional; the owning peer never changes (delete and publish again). */
export class UpdateServiceDto extends PartialType(CreateServiceDto) {}

export interface ServiceResponse {
  readonly id: string;
  readonly wanId: string;
  readonly peerId: string;
  readonly name: string;
  readonly description: string;
  readonly localIp: string;
  readonly localPort: number;
  readonly sharedIp: string;
  readonly sharedPort: number;
  readonly protocol: ServiceProtocol;
  readonly isActive: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function toServiceResponse(service: PublishedServiceEntity): ServiceResponse {
  return {
    ...toDomainService(service),
    wanId: service.wanId,
    description: service.description,
    createdAt: service.createdAt.toISOString(),
    updatedAt: service.updatedAt.toISOString(),
  };
}
