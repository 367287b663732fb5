import { PEER_TYPES, type PeerType } from '@wom/domain';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsSafeName, IsWireGuardKey } from '../common/validation/domain-rules';
import { PaginationQuery } from '../common/http/pagination.dto';
import type { EnrollmentTokenEntity, PeerEntity } from '../database/entities';
import type { AgentEntity, AgentStatus } from '../database/entities/agent.entity';

export const MAX_TOKEN_USES = 10_000;
export const MAX_TOKEN_LIFETIME_SECONDS = 365 * 86_400;
/** Names after substitution must still be valid peer names; this keeps templates to name characters and the placeholders. */
const NAME_TEMPLATE = /^(?:[A-Za-z0-9 ._-]|\{hostname\}|\{n\})+$/;
/** RFC 1123 host names; anything else is refused before it can reach a peer name. */
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const NATS_USER_KEY = /^U[A-Z2-7]{55}$/;

export class CreateEnrollmentTokenDto {
  @IsUUID('all', { message: 'wanId must be a WAN id (a UUID).' }) wanId!: string;
  /** A label for people; the secret is separate. */
  @IsOptional() @IsSafeName() name?: string;
  @IsOptional() @IsIn(PEER_TYPES, { message: `peerType must be one of ${PEER_TYPES.join(', ')}.` }) peerType?: PeerType;
  @IsOptional() @IsArray() @ArrayMaxSize(32) @IsSafeName({ each: true }) tags?: string[];
  @IsOptional()
  @IsString()
  @MaxLength(64, { message: 'nameTemplate must be at most 64 characters.' })
  @Matches(NAME_TEMPLATE, { message: 'nameTemplate may use letters, digits, spaces, ".", "_", "-" and the placeholders {hostname} and {n}.' })
  nameTemplate?: string;
  @IsOptional()
  @IsInt({ message: `maxUses must be a whole number from 1 to ${MAX_TOKEN_USES}.` })
  @Min(1, { message: `maxUses must be a whole number from 1 to ${MAX_TOKEN_USES}.` })
  @Max(MAX_TOKEN_USES, { message: `maxUses must be a whole number from 1 to ${MAX_TOKEN_USES}.` })
  maxUses?: number;
  @IsOptional()
  @IsInt({ message: `expiresInSeconds must be a whole number from 60 to ${MAX_TOKEN_LIFETIME_SECONDS}.` })
  @Min(60, { message: `expiresInSeconds must be a whole number from 60 to ${MAX_TOKEN_LIFETIME_SECONDS}.` })
  @Max(MAX_TOKEN_LIFETIME_SECONDS, { message: `expiresInSeconds must be a whole number from 60 to ${MAX_TOKEN_LIFETIME_SECONDS}.` })
  expiresInSeconds?: number;
  @IsOptional() @IsBoolean() requiresApproval?: boolean;
  /** Binds the token to this pre-created peer of the WAN; it is then single-use. */
  @IsOptional() @IsUUID('all', { message: 'peerId must be a peer id (a UUID).' }) peerId?: string;
}

export class TokenListQuery extends PaginationQuery {
  @IsOptional() @IsUUID('all', { message: 'wanId must be a WAN id (a UUID).' }) wanId?: string;
}

export class AgentListQuery extends PaginationQuery {
  @IsOptional() @IsUUID('all', { message: 'wanId must be a WAN id (a UUID).' }) wanId?: string;
}

/** The JSON form of `wom.agent.v1.EnrollmentRequest` (see @wom/contracts). */
export class EnrollDto {
  @IsString({ message: 'token must be the enrollment token.' }) @MaxLength(200, { message: 'token is too long to be an enrollment token.' }) token!: string;
  @IsWireGuardKey() wireguardPublicKey!: string;
  @IsString() @Matches(NATS_USER_KEY, { message: 'natsPublicKey must be a NATS user public key (56 characters starting with "U").' }) natsPublicKey!: string;
  @IsOptional() @IsString() @Matches(HOSTNAME, { message: 'hostname must be a host name of letters, digits, "-" and ".".' }) hostname?: string;
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9.+_-]{1,32}$/, { message: 'agentVersion must be 1–32 letters, digits, ".", "+", "_" or "-".' }) agentVersion?: string;
  @IsOptional() @IsUUID('all', { message: 'peerId must be a peer id (a UUID).' }) peerId?: string;
}

export interface EnrollmentTokenResponse {
  readonly id: string;
  readonly wanId: string;
  readonly peerId: string | null;
  readonly name: string;
  /** The first characters of the secret, to tell tokens apart. */
  readonly tokenPrefix: string;
  readonly peerType: PeerType;
  readonly tags: readonly string[];
  readonly nameTemplate: string;
  readonly maxUses: number;
  readonly useCount: number;
  readonly requiresApproval: boolean;
  readonly expiresAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
  readonly state: 'active' | 'expired' | 'revoked' | 'used';
  readonly createdAt: string;
}

/** Returned once, at creation: the only time the secret is shown. */
export interface CreatedEnrollmentTokenResponse extends EnrollmentTokenResponse {
  readonly token: string;
}

export function tokenState(token: EnrollmentTokenEntity, now: Date): EnrollmentTokenResponse['state'] {
  if (token.revokedAt) return 'revoked';
  if (token.useCount >= token.maxUses) return 'used';
  if (token.expiresAt <= now) return 'expired';
  return 'active';
}

export function toTokenResponse(token: EnrollmentTokenEntity, now = new Date()): EnrollmentTokenResponse {
  return {
    id: token.id,
    wanId: token.wanId,
    peerId: token.peerId,
    name: token.name,
    tokenPrefix: token.tokenPrefix,
    peerType: token.peerType,
    tags: token.tags,
    nameTemplate: token.nameTemplate,
    maxUses: token.maxUses,
    useCount: token.useCount,
    requiresApproval: token.requiresApproval,
    expiresAt: token.expiresAt.toISOString(),
    lastUsedAt: token.usedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
    state: tokenState(token, now),
    createdAt: token.createdAt.toISOString(),
  };
}

export interface AgentResponse {
  readonly id: string;
  readonly peerId: string;
  readonly peerName: string | null;
  readonly wanId: string | null;
  readonly status: AgentStatus;
  readonly online: boolean;
  readonly hostname: string | null;
  readonly version: string | null;
  readonly interfaceName: string | null;
  readonly desiredRevision: number;
  readonly appliedRevision: number;
  readonly lastSeenAt: string | null;
  readonly lastApplyAt: string | null;
  readonly lastError: string | null;
  readonly drift: { readonly detectedAt: string; readonly items: number; readonly reconciled: boolean } | null;
  readonly natsPublicKey: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}

export function toAgentResponse(agent: AgentEntity, peer: PeerEntity | null): AgentResponse {
  const drift = agent.driftReport as { items?: unknown[]; reconciled?: boolean } | null;
  return {
    id: agent.id,
    peerId: agent.peerId,
    peerName: peer?.name ?? null,
    wanId: peer?.wanId ?? null,
    status: agent.status,
    online: agent.status === 'active' && (peer?.isOnline ?? false),
    hostname: agent.hostname,
    version: agent.version,
    interfaceName: agent.interfaceName,
    desiredRevision: Number(peer?.desiredRevision ?? 0),
    appliedRevision: Number(agent.appliedRevision),
    lastSeenAt: agent.lastSeenAt?.toISOString() ?? null,
    lastApplyAt: agent.lastApplyAt?.toISOString() ?? null,
    lastError: agent.lastError,
    drift: agent.driftDetectedAt && drift ? { detectedAt: agent.driftDetectedAt.toISOString(), items: drift.items?.length ?? 0, reconciled: drift.reconciled ?? false } : null,
    natsPublicKey: agent.natsPublicKey,
    createdAt: agent.createdAt.toISOString(),
    revokedAt: agent.revokedAt?.toISOString() ?? null,
  };
}

