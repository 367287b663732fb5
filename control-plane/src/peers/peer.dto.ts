import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { PeerRemovalDoc, toPeerRemoval } from '../removal/removal.dto';
import { PEER_TYPES, type PeerType } from '@wom/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { IsCidr, IsEndpoint, IsIpv4, IsKeepalive, IsPort, IsSafeDescription, IsSafeName, IsWireGuardKey } from '../common/validation/domain-rules';
import type { LocalSubnetEntity, PeerEntity } from '../database/entities';
import { DEPLOYMENT_MODES, type DeploymentMode } from '../database/entities/peer.entity';
import { MikrotikSettingsDto, MikrotikSettingsResponseDoc, toMikrotikSettingsResponse } from './mikrotik-settings.dto';
import type { PeerResponse, SubnetResponse } from '@wom/contracts';

export type { PeerResponse, SubnetResponse };

const PUBLIC_KEY_EXAMPLE = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';

export const MAX_SUBNETS_PER_PEER = 64;
export const MAX_TAGS_PER_PEER = 32;

export class SubnetDto {
  @ApiProperty({ type: String, example: '192.168.10.0/24', description: 'A LAN behind the peer.' }) @IsCidr() cidr!: string;
  @ApiPropertyOptional({ type: Boolean, example: true, description: 'Route the LAN through the overlay. Default true.' }) @IsOptional() @IsBoolean() isRouted?: boolean;
  @ApiPropertyOptional({ type: Boolean, example: false, description: 'Reach the LAN through natTranslatedCidr instead of its own addresses (resolves overlaps).' }) @IsOptional() @IsBoolean() natEnabled?: boolean;
  @ApiPropertyOptional({ type: String, example: '172.16.10.0/24', description: 'The addresses the LAN is seen as when natEnabled; allocated when omitted.' }) @IsOptional() @IsCidr() natTranslatedCidr?: string;
  @ApiPropertyOptional({ type: String, example: 'Office LAN' }) @IsOptional() @IsSafeDescription() description?: string;
}

export class CreatePeerDto {
  @ApiProperty({ type: String, example: 'paris-office', description: 'Unique in the WAN.' }) @IsSafeName() name!: string;
  /** Optional only with a template, which then decides it. */
  @ApiPropertyOptional({ enum: PEER_TYPES, example: 'mikrotik', description: 'Required unless templateId is given, whose template then decides it.' })
  @ValidateIf((dto: CreatePeerDto) => dto.templateId === undefined || dto.type !== undefined)
  @IsIn(PEER_TYPES, { message: `type must be one of ${PEER_TYPES.join(', ')}.` })
  type!: PeerType;
  /** A template (spec §4.5) whose defaults fill every field the request leaves out; explicit fields win. */
  @ApiPropertyOptional({ type: String, maxLength: 64, example: 'simple-client', description: 'A template slug or UUID whose defaults fill the fields left out.' })
  @IsOptional() @IsString() @MaxLength(64) templateId?: string;
  /** Omitted for devices that make their own key (agents, routers) and report it later. */
  @ApiPropertyOptional({ type: String, nullable: true, example: PUBLIC_KEY_EXAMPLE, description: 'WireGuard public key (base64). Omit for devices that make their own key; null clears it on update.' })
  @IsOptional() @IsWireGuardKey() publicKey?: string;
  /** A manual reservation (spec §3.2); otherwise the first free address is allocated. */
  @ApiPropertyOptional({ type: String, example: '10.0.0.12', description: 'A reserved tunnel address; the first free one otherwise.' }) @IsOptional() @IsIpv4() tunnelIp?: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: 'vpn.example.com:51820', description: 'host:port others reach this peer on; null clears it on update.' }) @IsOptional() @IsEndpoint() endpoint?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 65535, nullable: true, example: 51820 }) @IsOptional() @IsPort() listenPort?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 65535, nullable: true, example: 25, description: 'Seconds between keepalives; 0 turns them off.' }) @IsOptional() @IsKeepalive() persistentKeepalive?: number;
  @ApiPropertyOptional({ enum: DEPLOYMENT_MODES, example: 'mikrotik-api', description: 'How the configuration reaches the device.' })
  @IsOptional() @IsIn(DEPLOYMENT_MODES, { message: `deploymentMode must be one of ${DEPLOYMENT_MODES.join(', ')}.` }) deploymentMode?: DeploymentMode;
  @ApiPropertyOptional({ type: String, isArray: true, maxItems: MAX_TAGS_PER_PEER, example: ['paris', 'office'] })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_TAGS_PER_PEER) @IsSafeName({ each: true }) tags?: string[];
  @ApiPropertyOptional({ type: () => SubnetDto, isArray: true, maxItems: MAX_SUBNETS_PER_PEER, description: 'LANs behind the peer; on update the whole list is replaced.' })
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_SUBNETS_PER_PEER) @ValidateNested({ each: true }) @Type(() => SubnetDto) subnets?: SubnetDto[];
  /** Only for `type: mikrotik`: how to reach the router's REST API. */
  @ApiPropertyOptional({ type: () => MikrotikSettingsDto, description: 'Only for type mikrotik: how to reach the router’s REST API.' })
  @IsOptional() @ValidateNested() @Type(() => MikrotikSettingsDto) mikrotik?: MikrotikSettingsDto;
}

/**
 * Every field optional. `null` clears a field documented nullable (endpoint, publicKey,
 * listenPort, persistentKeepalive) and is refused on the others; `subnets`, when given,
 * replaces the whole list.
 */
export class UpdatePeerDto extends PartialType(OmitType(CreatePeerDto, ['templateId'] as const)) {}

export class SubnetResponseDoc implements SubnetResponse {
  @ApiProperty({ format: 'uuid', example: '9b2f6c1e-0a43-4f0e-8f3b-5d7c2e1a9b40' }) readonly id!: string;
  @ApiProperty({ example: '192.168.10.0/24' }) readonly cidr!: string;
  @ApiProperty({ example: true }) readonly isRouted!: boolean;
  @ApiProperty({ example: false }) readonly natEnabled!: boolean;
  @ApiProperty({ type: String, nullable: true, example: null }) readonly natTranslatedCidr!: string | null;
  @ApiProperty({ example: 'Office LAN' }) readonly description!: string;
}

/** The documented shape of PeerResponse. */
export class PeerResponseDoc implements PeerResponse {
  @ApiProperty({ format: 'uuid', example: '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d' }) readonly id!: string;
  @ApiProperty({ format: 'uuid', example: '3f0c1a52-6d0e-4c59-9a57-0d1f4a3b2c10' }) readonly wanId!: string;
  @ApiProperty({ example: 'paris-office' }) readonly name!: string;
  @ApiProperty({ enum: PEER_TYPES, example: 'mikrotik' }) readonly type!: PeerType;
  @ApiProperty({ type: String, nullable: true, example: PUBLIC_KEY_EXAMPLE }) readonly publicKey!: string | null;
  @ApiProperty({ example: false, description: 'A private key is stored (it is never shown here).' }) readonly hasPrivateKey!: boolean;
  @ApiProperty({ example: false, description: 'The newest generated configuration waits for someone to apply it by hand.' }) readonly pendingManualApplication!: boolean;
  @ApiProperty({ example: '10.0.0.12' }) readonly tunnelIp!: string;
  @ApiProperty({ type: String, nullable: true, example: 'vpn.example.com:51820' }) readonly endpoint!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 51820 }) readonly listenPort!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 25 }) readonly persistentKeepalive!: number | null;
  @ApiProperty({ enum: DEPLOYMENT_MODES, example: 'mikrotik-api' }) readonly deploymentMode!: DeploymentMode;
  @ApiProperty({ example: true }) readonly isOnline!: boolean;
  @ApiProperty({ type: String, nullable: true, example: '2026-01-31T12:00:00.000Z' }) readonly lastSeen!: string | null;
  @ApiProperty({ type: [String], example: ['paris'] }) readonly tags!: readonly string[];
  @ApiProperty({ type: 'integer', example: 4, description: 'Revision of the state the peer should have.' }) readonly desiredRevision!: number;
  @ApiProperty({ type: 'integer', example: 4, description: 'Revision the peer reported as applied.' }) readonly appliedRevision!: number;
  @ApiProperty({ type: () => [SubnetResponseDoc] }) readonly subnets!: readonly SubnetResponseDoc[];
  @ApiProperty({ type: () => MikrotikSettingsResponseDoc, nullable: true, description: 'Null for peers that are not MikroTik routers.' }) readonly mikrotik!: MikrotikSettingsResponseDoc | null;
  @ApiProperty({ type: () => PeerRemovalDoc, nullable: true, description: 'Set while the deleted peer waits for its undeploy job to clean its router ("removing"); null otherwise.', example: null }) readonly removal!: PeerRemovalDoc | null;
  @ApiProperty({ example: '2026-01-31T12:00:00.000Z' }) readonly createdAt!: string;
  @ApiProperty({ example: '2026-01-31T12:00:00.000Z' }) readonly updatedAt!: string;
}

export function toSubnetResponse(subnet: LocalSubnetEntity): SubnetResponse {
  const { id, cidr, isRouted, natEnabled, natTranslatedCidr, description } = subnet;
  return { id, cidr, isRouted, natEnabled, natTranslatedCidr, description };
}

export function toPeerResponse(peer: PeerEntity, subnets: readonly LocalSubnetEntity[], pendingManualApplication = false): PeerResponse {
  return {
    id: peer.id,
    wanId: peer.wanId,
    name: peer.name,
    type: peer.type,
    publicKey: peer.publicKey,
    hasPrivateKey: peer.privateKeyEncrypted !== null,
    pendingManualApplication,
    tunnelIp: peer.tunnelIp,
    endpoint: peer.endpoint,
    listenPort: peer.listenPort,
    persistentKeepalive: peer.persistentKeepalive,
    deploymentMode: peer.deploymentMode,
    isOnline: peer.isOnline,
    lastSeen: peer.lastSeen?.toISOString() ?? null,
    tags: peer.tags,
    desiredRevision: Number(peer.desiredRevision),
    appliedRevision: Number(peer.appliedRevision),
    subnets: subnets.map(toSubnetResponse),
    mikrotik: toMikrotikSettingsResponse(peer),
    removal: toPeerRemoval(peer),
    createdAt: peer.createdAt.toISOString(),
    updatedAt: peer.updatedAt.toISOString(),
  };
}
