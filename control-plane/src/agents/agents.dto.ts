import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { PEER_TYPES, type PeerType } from '@wom/domain';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsSafeName, IsWireGuardKey } from '../common/validation/domain-rules';
import { PaginationQuery } from '../common/http/pagination.dto';
import { CreatePeerDto, MAX_SUBNETS_PER_PEER, SubnetDto } from '../peers/peer.dto';
import type { EnrollmentTokenEntity, PeerEntity } from '../database/entities';
import { AGENT_STATUSES, type AgentEntity, type AgentStatus } from '../database/entities/agent.entity';
import { SEALING_PUBLIC_KEY_PATTERN, type AgentResponse, type CreatedEnrollmentTokenResponse, type EnrollmentTokenResponse, type EnrollmentTokenSubnet } from '@wom/contracts';

export type { AgentResponse, CreatedEnrollmentTokenResponse, EnrollmentTokenResponse, EnrollmentTokenSubnet };

export const MAX_TOKEN_USES = 10_000;
export const MAX_TOKEN_LIFETIME_SECONDS = 365 * 86_400;
const MIN_TOKEN_USES = 1;
const MIN_TOKEN_LIFETIME_SECONDS = 60;
const wholeNumberRule = (field: string, min: number, max: number) => ({ message: `${field} must be a whole number from ${min} to ${max}.` });
const USES_RULE = wholeNumberRule('maxUses', MIN_TOKEN_USES, MAX_TOKEN_USES);
const LIFETIME_RULE = wholeNumberRule('expiresInSeconds', MIN_TOKEN_LIFETIME_SECONDS, MAX_TOKEN_LIFETIME_SECONDS);
/** Names after substitution must still be valid peer names; this keeps templates to name characters and the placeholders. */
const NAME_TEMPLATE = /^(?:[A-Za-z0-9 ._-]|\{hostname\}|\{n\})+$/;
/** RFC 1123 host names; anything else is refused before it can reach a peer name. */
const HOSTNAME = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const NATS_USER_KEY = /^U[A-Z2-7]{55}$/;
const WAN_ID = '3f0c1a52-6d0e-4c59-9a57-0d1f4a3b2c10';
const PEER_ID = '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d';
const AGENT_ID = '0b8f7e6d-5c4b-4a39-8281-7f6e5d4c3b2a';
const TOKEN_EXAMPLE = 'wom_et_4kq9Zt2LmXw8Rv1Pc6Yh3Jd7Nb5Fs0GaQe2Wm8Ux';
const NATS_KEY_EXAMPLE = 'UDXU4RCSJNZOIQHZNWXHXORDPRTGNJAHAHFRGZNEEJCPQTT2M7NLCNF4';
const AT = '2026-01-31T12:00:00.000Z';

/**
 * `subnets` and `templateId` are peer creation's own fields and validators (picked from
 * CreatePeerDto), so a token can never carry what a peer could not be created with. Which
 * combinations make sense (no subnets on a reusable token, nothing of either with `peerId`) is
 * checked by EnrollmentTokenService, which knows the token's uses.
 */
export class CreateEnrollmentTokenDto extends PickType(CreatePeerDto, ['subnets', 'templateId'] as const) {
  @ApiProperty({ type: String, format: 'uuid', example: WAN_ID, description: 'The WAN the enrolled peers join.' })
  @IsUUID('all', { message: 'wanId must be a WAN id (a UUID).' }) wanId!: string;
  /** A label for people; the secret is separate. */
  @ApiPropertyOptional({ type: String, example: 'paris-servers', description: 'A label for people; the secret is separate.' }) @IsOptional() @IsSafeName() name?: string;
  @ApiPropertyOptional({ enum: PEER_TYPES, example: 'server', description: 'The type of the peers it creates.' })
  @IsOptional() @IsIn(PEER_TYPES, { message: `peerType must be one of ${PEER_TYPES.join(', ')}.` }) peerType?: PeerType;
  @ApiPropertyOptional({ type: String, isArray: true, maxItems: 32, example: ['paris', 'linux'], description: 'Tags given to the peers it creates.' })
  @IsOptional() @IsArray() @ArrayMaxSize(32) @IsSafeName({ each: true }) tags?: string[];
  @ApiPropertyOptional({ type: String, maxLength: 64, example: 'srv-{hostname}', description: 'The new peer’s name; {hostname} and {n} (the use count) are substituted.' })
  @IsOptional()
  @IsString()
  @MaxLength(64, { message: 'nameTemplate must be at most 64 characters.' })
  @Matches(NAME_TEMPLATE, { message: 'nameTemplate may use letters, digits, spaces, ".", "_", "-" and the placeholders {hostname} and {n}.' })
  nameTemplate?: string;
  @ApiPropertyOptional({ type: 'integer', minimum: MIN_TOKEN_USES, maximum: MAX_TOKEN_USES, example: 5, description: 'How many agents may enroll with it.' })
  @IsOptional() @IsInt(USES_RULE) @Min(MIN_TOKEN_USES, USES_RULE) @Max(MAX_TOKEN_USES, USES_RULE) maxUses?: number;
  @ApiPropertyOptional({ type: 'integer', minimum: MIN_TOKEN_LIFETIME_SECONDS, maximum: MAX_TOKEN_LIFETIME_SECONDS, example: 86_400, description: 'Seconds until it expires.' })
  @IsOptional() @IsInt(LIFETIME_RULE) @Min(MIN_TOKEN_LIFETIME_SECONDS, LIFETIME_RULE) @Max(MAX_TOKEN_LIFETIME_SECONDS, LIFETIME_RULE) expiresInSeconds?: number;
  @ApiPropertyOptional({ type: Boolean, example: false, description: 'Enrolled agents wait for an operator’s approval before they get configuration.' })
  @IsOptional() @IsBoolean() requiresApproval?: boolean;
  /** Binds the token to this pre-created peer of the WAN; it is then single-use. */
  @ApiPropertyOptional({ type: String, format: 'uuid', example: PEER_ID, description: 'Binds the token to this pre-created peer of the WAN; it is then single-use.' })
  @IsOptional() @IsUUID('all', { message: 'peerId must be a peer id (a UUID).' }) peerId?: string;
  // Redeclared for their documentation only; the validators come from CreatePeerDto.
  @ApiPropertyOptional({ type: () => SubnetDto, isArray: true, maxItems: MAX_SUBNETS_PER_PEER, description: 'Local subnets of the peer it creates. Only on a single-use token without peerId.' })
  override subnets?: SubnetDto[];
  @ApiPropertyOptional({ type: String, maxLength: 64, example: 'site-router', description: 'A template slug or UUID whose defaults fill what the new peer leaves out (keepalive, routing of its subnets, MTU, DNS); its type too when peerType is left out. Not with peerId.' })
  override templateId?: string;
}

export class TokenListQuery extends PaginationQuery {
  @ApiPropertyOptional({ type: String, format: 'uuid', example: WAN_ID, description: 'Only the tokens of this WAN.' })
  @IsOptional() @IsUUID('all', { message: 'wanId must be a WAN id (a UUID).' }) wanId?: string;
}

export class AgentListQuery extends PaginationQuery {
  @ApiPropertyOptional({ type: String, format: 'uuid', example: WAN_ID, description: 'Only the agents of this WAN.' })
  @IsOptional() @IsUUID('all', { message: 'wanId must be a WAN id (a UUID).' }) wanId?: string;
}

/** The JSON form of `wom.agent.v1.EnrollmentRequest` (see @wom/contracts). */
export class EnrollDto {
  @ApiProperty({ type: String, maxLength: 200, example: TOKEN_EXAMPLE, description: 'The enrollment token an operator created.' })
  @IsString({ message: 'token must be the enrollment token.' }) @MaxLength(200, { message: 'token is too long to be an enrollment token.' }) token!: string;
  @ApiProperty({ type: String, example: 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=', description: 'The agent’s WireGuard public key (base64).' })
  @IsWireGuardKey() wireguardPublicKey!: string;
  @ApiProperty({ type: String, pattern: NATS_USER_KEY.source, example: NATS_KEY_EXAMPLE, description: 'The agent’s NATS user public key; its private half never leaves the host.' })
  @IsString() @Matches(NATS_USER_KEY, { message: 'natsPublicKey must be a NATS user public key (56 characters starting with "U").' }) natsPublicKey!: string;
  @ApiPropertyOptional({ type: String, example: 'hSDwCYkwp1R0i33ctD73Wg2/Og0mOBr066SpjqqbTmo=', description: 'The agent’s X25519 sealing public key (base64), a key of its own: router passwords are sealed to it. Without it the agent runs no router jobs.' })
  @IsOptional() @IsString() @Matches(SEALING_PUBLIC_KEY_PATTERN, { message: 'sealingPublicKey must be an X25519 public key: 44 base64 characters encoding 32 bytes.' }) sealingPublicKey?: string;
  @ApiPropertyOptional({ type: String, example: 'srv-paris-01', description: 'The host’s name, for {hostname} in the token’s name template.' })
  @IsOptional() @IsString() @Matches(HOSTNAME, { message: 'hostname must be a host name of letters, digits, "-" and ".".' }) hostname?: string;
  @ApiPropertyOptional({ type: String, example: '1.4.0', description: 'The agent’s version.' })
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9.+_-]{1,32}$/, { message: 'agentVersion must be 1–32 letters, digits, ".", "+", "_" or "-".' }) agentVersion?: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', example: PEER_ID, description: 'Re-enroll as this existing peer (when the token allows it).' })
  @IsOptional() @IsUUID('all', { message: 'peerId must be a peer id (a UUID).' }) peerId?: string;
}

/** The documented shape of EnrollmentTokenResponse. */
export class EnrollmentTokenResponseDoc implements EnrollmentTokenResponse {
  @ApiProperty({ format: 'uuid', example: '7c1e9a2b-3d4f-4e5a-8b6c-9d0e1f2a3b4c' }) readonly id!: string;
  @ApiProperty({ format: 'uuid', example: WAN_ID }) readonly wanId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null, description: 'The pre-created peer the token is bound to, if any.' }) readonly peerId!: string | null;
  @ApiProperty({ example: 'paris-servers' }) readonly name!: string;
  @ApiProperty({ example: 'wom_et_4kq9', description: 'The first characters of the secret, to tell tokens apart.' }) readonly tokenPrefix!: string;
  @ApiProperty({ enum: PEER_TYPES, example: 'server' }) readonly peerType!: PeerType;
  @ApiProperty({ type: [String], example: ['paris', 'linux'] }) readonly tags!: readonly string[];
  @ApiProperty({ example: 'srv-{hostname}' }) readonly nameTemplate!: string;
  @ApiProperty({ type: () => SubnetDto, isArray: true, description: 'Local subnets of the peer it creates, as given.' }) readonly subnets!: readonly EnrollmentTokenSubnet[];
  @ApiProperty({ type: String, nullable: true, example: 'site-router', description: 'The configuration template of the peer it creates.' }) readonly templateId!: string | null;
  @ApiProperty({ type: 'integer', example: 5 }) readonly maxUses!: number;
  @ApiProperty({ type: 'integer', example: 0 }) readonly useCount!: number;
  @ApiProperty({ example: false }) readonly requiresApproval!: boolean;
  @ApiProperty({ example: '2026-02-01T12:00:00.000Z' }) readonly expiresAt!: string;
  @ApiProperty({ type: String, nullable: true, example: null }) readonly lastUsedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) readonly revokedAt!: string | null;
  @ApiProperty({ enum: ['active', 'expired', 'revoked', 'used'], example: 'active' }) readonly state!: EnrollmentTokenResponse['state'];
  @ApiProperty({ example: AT }) readonly createdAt!: string;
}

/** The documented shape of CreatedEnrollmentTokenResponse. */
export class CreatedEnrollmentTokenResponseDoc extends EnrollmentTokenResponseDoc implements CreatedEnrollmentTokenResponse {
  @ApiProperty({ example: TOKEN_EXAMPLE, description: 'The secret; shown in this answer only, stored hashed.' }) readonly token!: string;
  @ApiProperty({
    example: `curl -fsSL https://wom.example.com/install/agent.sh | sudo sh -s -- --token ${TOKEN_EXAMPLE}`,
    description: 'The one line to run on the box, with the control plane’s PUBLIC_URL; shown in this answer only.',
  })
  readonly installCommand!: string;
}

export class AgentDriftDoc {
  @ApiProperty({ example: AT }) readonly detectedAt!: string;
  @ApiProperty({ type: 'integer', example: 2, description: 'How many differences the agent found.' }) readonly items!: number;
  @ApiProperty({ example: true, description: 'The agent put the host back to the desired state.' }) readonly reconciled!: boolean;
}

/** The documented shape of AgentResponse. */
export class AgentResponseDoc implements AgentResponse {
  @ApiProperty({ format: 'uuid', example: AGENT_ID }) readonly id!: string;
  @ApiProperty({ format: 'uuid', example: PEER_ID }) readonly peerId!: string;
  @ApiProperty({ type: String, nullable: true, example: 'srv-paris-01' }) readonly peerName!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: WAN_ID }) readonly wanId!: string | null;
  @ApiProperty({ enum: AGENT_STATUSES, example: 'active', description: 'pending until an operator approves it (when the token asks for approval).' }) readonly status!: AgentStatus;
  @ApiProperty({ example: true }) readonly online!: boolean;
  @ApiProperty({ type: String, nullable: true, example: 'srv-paris-01' }) readonly hostname!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '1.4.0' }) readonly version!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'wg-wan-overlay' }) readonly interfaceName!: string | null;
  @ApiProperty({ type: 'integer', example: 4 }) readonly desiredRevision!: number;
  @ApiProperty({ type: 'integer', example: 4 }) readonly appliedRevision!: number;
  @ApiProperty({ type: String, nullable: true, example: AT }) readonly lastSeenAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: AT }) readonly lastApplyAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) readonly lastError!: string | null;
  @ApiProperty({ type: () => AgentDriftDoc, nullable: true, description: 'The last drift the agent reported; null when none.' }) readonly drift!: AgentDriftDoc | null;
  @ApiProperty({ example: NATS_KEY_EXAMPLE }) readonly natsPublicKey!: string;
  @ApiProperty({ example: AT }) readonly createdAt!: string;
  @ApiProperty({ type: String, nullable: true, example: null }) readonly revokedAt!: string | null;
}

/** Revoke's answer: the agent, and whether NATS was told at once. */
export class RevokeAgentResponseDoc extends AgentResponseDoc {
  @ApiProperty({ example: true, description: 'False when NATS could not be told now; the revocation is pushed on the next connect.' }) readonly natsUpdated!: boolean;
}

/** The NATS subjects of one agent (`wom.agent.<agentId>.…`). */
export class AgentSubjectsDoc {
  @ApiProperty({ example: `wom.agent.${AGENT_ID}.desired` }) readonly desired!: string;
  @ApiProperty({ example: `wom.agent.${AGENT_ID}.notify` }) readonly notify!: string;
  @ApiProperty({ example: `wom.agent.${AGENT_ID}.report.status` }) readonly reportStatus!: string;
  @ApiProperty({ example: `wom.agent.${AGENT_ID}.report.apply` }) readonly reportApply!: string;
  @ApiProperty({ example: `wom.agent.${AGENT_ID}.report.drift` }) readonly reportDrift!: string;
  @ApiProperty({ example: `wom.agent.${AGENT_ID}.report.job` }) readonly reportJob!: string;
  @ApiProperty({ example: `wom.agent.${AGENT_ID}.job.dispatch` }) readonly jobDispatch!: string;
}

/** Enroll's answer: the JSON form of `wom.agent.v1.EnrollmentResponse`. */
export class EnrollResponseDoc {
  @ApiProperty({ format: 'uuid', example: AGENT_ID }) readonly agentId!: string;
  @ApiProperty({ format: 'uuid', example: PEER_ID }) readonly peerId!: string;
  @ApiProperty({ format: 'uuid', example: WAN_ID }) readonly wanId!: string;
  @ApiProperty({ example: 'srv-paris-01' }) readonly peerName!: string;
  @ApiProperty({ type: [String], example: ['nats://10.0.5.1:4222'], description: 'Where the agent connects.' }) readonly natsUrls!: string[];
  @ApiProperty({ example: 'eyJ0eXAiOiJKV1QiLCJhbGciOiJlZDI1NTE5LW5rZXkifQ.e30.c2ln', description: 'The agent’s NATS user JWT, limited to its own subjects.' }) readonly natsUserJwt!: string;
  @ApiProperty({ example: `_INBOX.${AGENT_ID}`, description: 'The only inbox prefix the agent may use.' }) readonly inboxPrefix!: string;
  @ApiProperty({ type: () => AgentSubjectsDoc }) readonly subjects!: AgentSubjectsDoc;
  @ApiProperty({ type: String, pattern: '^[0-9]+$', example: '4', description: 'The desired-state revision at enrollment (a 64-bit integer, as a string).' }) readonly initialRevision!: string;
  @ApiProperty({ example: false, description: 'The agent waits for an operator’s approval before it gets configuration.' }) readonly pendingApproval!: boolean;
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
    subnets: token.subnets,
    templateId: token.templateId,
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

