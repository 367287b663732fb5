import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { create, toJson, type JsonObject } from '@bufbuild/protobuf';
import { agentInboxPrefix, agentPermissions, agentSubjects, EnrollmentResponseSchema } from '@wom/contracts';
import { IsNull } from 'typeorm';
import { AuditService, type AuditActor } from '../audit/audit.service';
import { currentRequest } from '../audit/request-context';
import { AppError } from '../common/errors/app-error';
import { Database } from '../database/database';
import { EnrollmentTokenEntity, PeerEntity } from '../database/entities';
import { AgentEntity } from '../database/entities/agent.entity';
import { NatsClient } from '../nats/nats-client';
import { PeerService } from '../peers/peer.service';
import type { EnrollDto } from './agents.dto';
import { hashEnrollmentSecret } from './enrollment-secret';

const MAX_NAME_ATTEMPTS = 20;
const MAX_PEER_NAME = 64;

/**
 * Trades an enrollment token for an agent: a peer (created with the token's type, tags,
 * subnets and template, or the token's pre-created one), an agent row and a user JWT for
 * the agent's own NATS key. A token use is reserved with one conditional UPDATE before
 * anything is created, so concurrent enrollments can never exceed the token's uses, and
 * every later failure gives the use back and removes what was made.
 */
@Injectable()
export class EnrollmentService {
  private readonly logger = new Logger('Enrollment');

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(PeerService) private readonly peers: PeerService,
    @Inject(NatsClient) private readonly nats: NatsClient,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async enroll(dto: EnrollDto, now = new Date()): Promise<JsonObject> {
    const natsUrls = this.nats.agentUrls;
    if (natsUrls.length === 0) throw new AppError('NATS.UNAVAILABLE', 'This control plane has no NATS server configured, so agents cannot enroll. Set NATS_URL or let it start its embedded server.');
    const token = await this.usableToken(dto.token, now);
    await this.requireFreshKeys(dto, token);
    const reserved = await this.reserveUse(token.id, now);
    if (reserved === null) throw await this.whyUnusable(hashEnrollmentSecret(dto.token), now);
    // From here on the token acts: the peer it creates and the agent are recorded as its doing.
    const actor: AuditActor = { type: 'system', id: token.id, name: `enrollment token ${token.tokenPrefix}` };
    const req = currentRequest();
    if (req) req.auditActor = actor;

    let createdPeerId: string | null = null;
    try {
      const peer = token.peerId ? await this.bindPeer(token.peerId, dto) : await this.createPeer(token, dto, reserved);
      if (!token.peerId) createdPeerId = peer.id;
      const agentId = randomUUID();
      const status = token.requiresApproval ? 'pending' : 'active';
      await this.database.transaction(async (tx) => {
        await tx.insert(AgentEntity, {
          id: agentId,
          peerId: peer.id,
          natsPublicKey: dto.natsPublicKey,
          sealingPublicKey: dto.sealingPublicKey ?? null,
          status,
          hostname: dto.hostname ?? null,
          version: dto.agentVersion ?? null,
          enrollmentTokenId: token.id,
        });
        await this.audit.record(
          tx,
          { action: 'agent.enroll', entityType: 'agent', entityId: agentId, wanId: peer.wanId, after: { peerId: peer.id, status, hostname: dto.hostname ?? null, tokenId: token.id } },
          actor,
        );
      });
      const subjects = agentSubjects(agentId);
      const response = create(EnrollmentResponseSchema, {
        agentId,
        peerId: peer.id,
        wanId: peer.wanId,
        peerName: peer.name,
        natsUrls,
        natsUserJwt: this.nats.trust.userJwt(`agent-${agentId}`, dto.natsPublicKey, agentPermissions(agentId)),
        inboxPrefix: agentInboxPrefix(agentId),
        subjects,
        initialRevision: BigInt(peer.desiredRevision),
        pendingApproval: status === 'pending',
        natsCaPem: this.nats.agentCaPem ?? '',
      });
      return toJson(EnrollmentResponseSchema, response, { alwaysEmitImplicit: true }) as JsonObject;
    } catch (error) {
      await this.undo(token.id, createdPeerId);
      if (isUniqueViolation(error, 'UQ_agent_nats_public_key') || isUniqueViolation(error, 'UQ_agent_peer_active')) {
        throw new AppError('ENROLLMENT.KEY_IN_USE', 'That NATS key or peer was enrolled by another agent at the same moment. Generate new keys and enroll again.');
      }
      throw error;
    }
  }

  /** The token when it can be used; a precise error when it cannot. */
  private async usableToken(secret: string, now: Date): Promise<EnrollmentTokenEntity> {
    const token = await this.database.manager.findOneBy(EnrollmentTokenEntity, { tokenHash: hashEnrollmentSecret(secret) });
    if (!token || token.revokedAt || token.expiresAt <= now || token.useCount >= token.maxUses) throw await this.whyUnusable(hashEnrollmentSecret(secret), now);
    return token;
  }

  private async whyUnusable(hash: string, now: Date): Promise<AppError> {
    const token = await this.database.manager.findOneBy(EnrollmentTokenEntity, { tokenHash: hash });
    if (!token) return new AppError('ENROLLMENT.TOKEN_INVALID', 'The enrollment token is not valid. Ask an operator for a new one.', { fields: [{ field: 'token', reason: 'unknown token' }] });
    if (token.revokedAt) return new AppError('ENROLLMENT.TOKEN_REVOKED', `The enrollment token was revoked at ${token.revokedAt.toISOString()}.`, { fields: [{ field: 'token', reason: 'revoked' }] });
    if (token.expiresAt <= now) return new AppError('ENROLLMENT.TOKEN_EXPIRED', `The enrollment token expired at ${token.expiresAt.toISOString()}.`, { fields: [{ field: 'token', reason: 'expired' }] });
    return new AppError('ENROLLMENT.TOKEN_USED', `The enrollment token has been used ${token.useCount} of ${token.maxUses} time(s).`, { fields: [{ field: 'token', reason: 'no uses left' }] });
  }

  private async requireFreshKeys(dto: EnrollDto, token: EnrollmentTokenEntity): Promise<void> {
    const fail = (field: string, reason: string) => new AppError('ENROLLMENT.KEY_IN_USE', reason, { fields: [{ field, reason }] });
    if (await this.database.manager.existsBy(AgentEntity, { natsPublicKey: dto.natsPublicKey })) {
      throw fail('natsPublicKey', 'natsPublicKey already belongs to an agent; every enrollment needs a fresh NATS key.');
    }
    const holder = await this.database.manager.findOneBy(PeerEntity, { wanId: token.wanId, publicKey: dto.wireguardPublicKey });
    if (holder && holder.id !== token.peerId) throw fail('wireguardPublicKey', `wireguardPublicKey already belongs to peer "${holder.name}" in this WAN.`);
    if (dto.peerId && dto.peerId !== token.peerId) {
      const reason = token.peerId ? 'peerId must be the peer the token is bound to (or left out).' : 'peerId can only be given with a token bound to that peer.';
      throw new AppError('VALIDATION.FAILED', reason, { fields: [{ field: 'peerId', reason }] });
    }
    if (token.peerId && (await this.database.manager.existsBy(AgentEntity, { peerId: token.peerId, revokedAt: IsNull() }))) {
      throw new AppError('AGENT.INVALID_STATE', 'The peer this token is bound to already has an agent. Revoke that agent first.');
    }
  }

  /** Takes one use of the token if it still has one; the new use count, or null. */
  private async reserveUse(tokenId: string, now: Date): Promise<number | null> {
    const [rows] = (await this.database.manager.query(
      `UPDATE enrollment_token SET use_count = use_count + 1, used_at = $2
        WHERE id = $1 AND revoked_at IS NULL AND expires_at > $2 AND use_count < max_uses
        RETURNING use_count`,
      [tokenId, now],
    )) as [{ use_count: number }[], number];
    return rows[0]?.use_count ?? null;
  }

  private async createPeer(token: EnrollmentTokenEntity, dto: EnrollDto, useNumber: number): Promise<PeerEntity> {
    const base = token.nameTemplate.replaceAll('{hostname}', dto.hostname ?? 'agent').replaceAll('{n}', String(useNumber)).trim().slice(0, MAX_PEER_NAME) || 'agent';
    for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt++) {
      const suffix = attempt === 1 ? '' : `-${attempt}`;
      const name = `${base.slice(0, MAX_PEER_NAME - suffix.length)}${suffix}`;
      if (await this.database.manager.existsBy(PeerEntity, { wanId: token.wanId, name })) continue;
      try {
        // Through peer creation itself, so IPAM, the template, subnet conflicts and the audit are one path.
        const created = await this.peers.create(token.wanId, {
          name,
          type: token.peerType,
          publicKey: dto.wireguardPublicKey,
          deploymentMode: 'agent',
          tags: token.tags,
          ...(token.subnets.length > 0 ? { subnets: token.subnets.map((subnet) => ({ ...subnet })) } : {}),
          ...(token.templateId !== null ? { templateId: token.templateId } : {}),
        });
        return (await this.database.manager.findOneByOrFail(PeerEntity, { id: created.id }));
      } catch (error) {
        if (error instanceof AppError && error.code === 'PEER.NAME_TAKEN') continue;
        throw error;
      }
    }
    throw new AppError('PEER.NAME_TAKEN', `Every name tried for the new peer ("${base}", "${base}-2", …) is taken in this WAN. Change the token's name template.`);
  }

  private async bindPeer(peerId: string, dto: EnrollDto): Promise<PeerEntity> {
    await this.peers.update(peerId, { publicKey: dto.wireguardPublicKey, deploymentMode: 'agent' });
    return this.database.manager.findOneByOrFail(PeerEntity, { id: peerId });
  }

  /** Gives the reserved use back and removes a peer made for this enrollment. */
  private async undo(tokenId: string, createdPeerId: string | null): Promise<void> {
    try {
      if (createdPeerId) await this.peers.delete(createdPeerId);
      await this.database.manager.query('UPDATE enrollment_token SET use_count = GREATEST(use_count - 1, 0) WHERE id = $1', [tokenId]);
    } catch (error) {
      this.logger.error(`Undoing a failed enrollment left something behind: ${(error as Error).message}`);
    }
  }
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driverError = (error as { driverError?: { code?: string; constraint?: string } }).driverError;
  return driverError?.code === '23505' && driverError.constraint === constraint;
}
