import { toDomainService } from '../topology/topology-snapshot.repository';
import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { SERVICE_PROTOCOLS, type ServiceProtocol } from '@wom/domain';
import { IsBoolean, IsIn, IsOptional } from 'class-validator';
import { IsIpv4, IsPort, IsSafeDescription, IsSafeName } from '../common/validation/domain-rules';
import type { PublishedServiceEntity } from '../database/entities';
import type { ServiceResponse } from '@wom/contracts';

export type { ServiceResponse };

export class CreateServiceDto {
  @ApiProperty({ type: String, example: 'erp' }) @IsSafeName() name!: string;
  @ApiPropertyOptional({ type: String, example: 'ERP web front end' }) @IsOptional() @IsSafeDescription() description?: string;
  /** The service's address on the peer's side (a LAN host or the peer itself). */
  @ApiProperty({ type: String, example: '192.168.10.20', description: 'The service’s address on the peer’s side (a LAN host or the peer itself).' }) @IsIpv4() localIp!: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 65535, example: 443 }) @IsPort() localPort!: number;
  /** A shared IP to claim; omitted, the first free one of the shared-services range is allocated. */
  @ApiPropertyOptional({ type: String, example: '10.0.5.10', description: 'A shared address to claim; the first free one of the WAN’s shared-services range otherwise.' }) @IsOptional() @IsIpv4() sharedIp?: string;
  /** Defaults to localPort. */
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 65535, example: 443, description: 'Defaults to localPort.' }) @IsOptional() @IsPort() sharedPort?: number;
  @ApiProperty({ enum: SERVICE_PROTOCOLS, example: 'tcp' })
  @IsIn(SERVICE_PROTOCOLS, { message: `protocol must be one of ${SERVICE_PROTOCOLS.join(', ')}.` }) protocol!: ServiceProtocol;
  @ApiPropertyOptional({ type: Boolean, example: true, description: 'Inactive services are kept but not published. Default true.' }) @IsOptional() @IsBoolean() isActive?: boolean;
}

/** Every field optional; the owning peer never changes (delete and publish again). */
export class UpdateServiceDto extends PartialType(CreateServiceDto) {}

/** The documented shape of ServiceResponse. */
export class ServiceResponseDoc implements ServiceResponse {
  @ApiProperty({ format: 'uuid', example: '0e6f2a9c-3b1d-4c7e-8a5f-6d2b9c1e4a70' }) readonly id!: string;
  @ApiProperty({ format: 'uuid', example: '3f0c1a52-6d0e-4c59-9a57-0d1f4a3b2c10' }) readonly wanId!: string;
  @ApiProperty({ format: 'uuid', example: '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d' }) readonly peerId!: string;
  @ApiProperty({ example: 'erp' }) readonly name!: string;
  @ApiProperty({ example: 'ERP web front end' }) readonly description!: string;
  @ApiProperty({ example: '192.168.10.20' }) readonly localIp!: string;
  @ApiProperty({ type: 'integer', example: 443 }) readonly localPort!: number;
  @ApiProperty({ example: '10.0.5.10' }) readonly sharedIp!: string;
  @ApiProperty({ type: 'integer', example: 443 }) readonly sharedPort!: number;
  @ApiProperty({ enum: SERVICE_PROTOCOLS, example: 'tcp' }) readonly protocol!: ServiceProtocol;
  @ApiProperty({ example: true }) readonly isActive!: boolean;
  @ApiProperty({ example: '2026-01-31T12:00:00.000Z' }) readonly createdAt!: string;
  @ApiProperty({ example: '2026-01-31T12:00:00.000Z' }) readonly updatedAt!: string;
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
