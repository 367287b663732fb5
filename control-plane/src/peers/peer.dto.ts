import { OmitType, PartialType } from '@nestjs/swagger';
import { PEER_TYPES, type PeerType } from '@wom/domain';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { IsCidr, IsEndpoint, IsIpv4, IsKeepalive, IsPort, IsSafeDescription, IsSafeName, IsWireGuardKey } from '../common/validation/domain-rules';
import type { LocalSubnetEntity, PeerEntity } from '../database/entities';
import { DEPLOYMENT_MODES, type DeploymentMode } from '../database/entities/peer.entity';

export const MAX_SUBNETS_PER_PEER = 64;
export const MAX_TAGS_PER_PEER = 32;

export class SubnetDto {
  @IsCidr() cidr!: string;
  @IsOptional() @IsBoolean() isRouted?: boolean;
  @IsOptional() @IsBoolean() natEnabled?: boolean;
  @IsOptional() @IsCidr() natTranslatedCidr?: string;
  @IsOptional() @IsSafeDescription() description?: string;
}

export class CreatePeerDto {
  @IsSafeName() name!: string;
  /** Optional only with a template, which then decides it. */
  @ValidateIf((dto: CreatePeerDto) => dto.templateId === undefined || dto.type !== undefined)
  @IsIn(PEER_TYPES, { message: `type must be one of ${PEER_TYPES.join(', ')}.` })
  type!: PeerType;
  /** A template (spec §4.5) whose defaults fill every field the request leaves out; explicit fields win. */
  @IsOptional() @IsString() @MaxLength(64) templateId?: string;
  /** Omitted for devices that make their own key (agents, routers) and report it later. */
  @IsOptional() @IsWireGuardKey() publicKey?: string;
  /** A manual reservation (spec §3.2); otherwise the first free address is allocated. */
  @IsOptional() @IsIpv4() tunnelIp?: string;
  @IsOptional() @IsEndpoint() endpoint?: string;
  @IsOptional() @IsPort() listenPort?: number;
  @IsOptional() @IsKeepalive() persistentKeepalive?: number;
  @IsOptional() @IsIn(DEPLOYMENT_MODES, { message: `deploymentMode must be one of ${DEPLOYMENT_MODES.join(', ')}.` }) deploymentMode?: DeploymentMode;
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_TAGS_PER_PEER) @IsSafeName({ each: true }) tags?: string[];
  @IsOptional() @IsArray() @ArrayMaxSize(MAX_SUBNETS_PER_PEER) @ValidateNested({ each: true }) @Type(() => SubnetDto) subnets?: SubnetDto[];
}

/**
 * Every field optional. `null` clears a nullable field (endpoint, publicKey, listenPort,
 * persistentKeepalive) and keeps the others; `subnets`, when given, replaces the whole list.
 */
export class UpdatePeerDto extends PartialType(OmitType(CreatePeerDto, ['templateId'] as const)) {}

export interface SubnetResponse {
  readonly id: string;
  readonly cidr: string;
  readonly isRouted: boolean;
  readonly natEnabled: boolean;
  readonly natTranslatedCidr: string | null;
  readonly description: string;
}

/** A peer as the API shows it. Secrets never appear; `hasPrivateKey` says whether one is stored. */
export interface PeerResponse {
  readonly id: string;
  readonly wanId: string;
  readonly name: string;
  readonly type: PeerType;
  readonly publicKey: string | null;
  readonly hasPrivateKey: boolean;
  /** The newest generated configuration waits for someone to apply it by hand (spec §9.4). */
  readonly pendingManualApplication: boolean;
  readonly tunnelIp: string;
  readonly endpoint: string | null;
  readonly listenPort: number | null;
  readonly persistentKeepalive: number | null;
  readonly deploymentMode: DeploymentMode;
  readonly isOnline: boolean;
  readonly lastSeen: string | null;
  readonly tags: readonly string[];
  readonly desiredRevision: number;
  readonly appliedRevision: number;
  readonly subnets: readonly SubnetResponse[];
  readonly createdAt: string;
  readonly updatedAt: string;
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
    createdAt: peer.createdAt.toISOString(),
    updatedAt: peer.updatedAt.toISOString(),
  };
}
