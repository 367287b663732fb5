import { Inject, Injectable } from '@nestjs/common';
import { installCommand } from '@wom/contracts';
import { detectConflicts, DomainError, type ConfigTemplate, type CriticalConflict } from '@wom/domain';
import { IsNull, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import type { Page } from '../common/http/pagination.dto';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Database } from '../database/database';
import { AgentEntity, EnrollmentTokenEntity, PeerEntity, WanNetworkEntity } from '../database/entities';
import { TemplateRepository } from '../templates/template.repository';
import { TlsState } from '../tls/tls.module';
import {
  toTokenResponse,
  type CreatedEnrollmentTokenResponse,
  type CreateEnrollmentTokenDto,
  type EnrollmentTokenResponse,
  type EnrollmentTokenSubnet,
} from './agents.dto';
import { newEnrollmentSecret } from './enrollment-secret';

const DEFAULT_LIFETIME_SECONDS = 86_400;

/** Enrollment tokens (create, list, revoke); redeeming one is the EnrollmentService's job. */
@Injectable()
export class EnrollmentTokenService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(TemplateRepository) private readonly templates: TemplateRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(TlsState) private readonly tls: TlsState,
  ) {}

  async create(dto: CreateEnrollmentTokenDto, createdBy: string | null, now = new Date()): Promise<CreatedEnrollmentTokenResponse> {
    return this.database.transaction(async (tx) => {
      const wan = await tx.findOneBy(WanNetworkEntity, { id: dto.wanId });
      if (!wan) throw new AppError('WAN.NOT_FOUND', `No WAN has the id ${dto.wanId}. List WANs with GET /api/wan.`);
      requireSensibleCombination(dto);
      const peer = dto.peerId ? await this.requireBindablePeer(tx, dto.wanId, dto.peerId) : null;
      const template = dto.templateId === undefined ? null : await this.requireTemplate(tx, dto.templateId);
      const subnets = (dto.subnets ?? []).map(toTokenSubnet);
      requireSubnetsOutsideWanRanges(wan, subnets, template);
      const secret = newEnrollmentSecret();
      const token = await tx.save(
        tx.create(EnrollmentTokenEntity, {
          wanId: dto.wanId,
          peerId: peer?.id ?? null,
          name: dto.name ?? '',
          tokenHash: secret.hash,
          tokenPrefix: secret.prefix,
          // A bound token's peer already has a type; a template decides it unless one is given.
          peerType: peer?.type ?? dto.peerType ?? template?.peerType ?? 'server',
          tags: dto.tags ?? [],
          nameTemplate: dto.nameTemplate ?? '{hostname}',
          subnets,
          templateId: template?.id ?? null,
          maxUses: dto.maxUses ?? 1,
          useCount: 0,
          requiresApproval: dto.requiresApproval ?? false,
          expiresAt: new Date(now.getTime() + (dto.expiresInSeconds ?? DEFAULT_LIFETIME_SECONDS) * 1000),
          usedAt: null,
          revokedAt: null,
          createdBy,
        }),
      );
      const response = toTokenResponse(token, now);
      await this.audit.record(tx, { action: 'enrollment-token.create', entityType: 'enrollment_token', entityId: token.id, wanId: token.wanId, after: response });
      return { ...response, token: secret.secret, installCommand: installCommand(this.config.publicUrl, secret.secret, this.tls.agentPin) };
    });
  }

  async list(wanId: string | undefined, limit: number, offset: number, now = new Date()): Promise<Page<EnrollmentTokenResponse>> {
    const [rows, total] = await this.database.manager.findAndCount(EnrollmentTokenEntity, {
      where: wanId ? { wanId } : {},
      order: { createdAt: 'DESC', id: 'ASC' },
      take: limit,
      skip: offset,
    });
    return { items: rows.map((row) => toTokenResponse(row, now)), total, limit, offset };
  }

  /** Revoking is idempotent; agents already enrolled with the token keep working. */
  async revoke(id: string, now = new Date()): Promise<EnrollmentTokenResponse> {
    return this.database.transaction(async (tx) => {
      const token = await tx.findOne(EnrollmentTokenEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!token) throw new AppError('ENROLLMENT_TOKEN.NOT_FOUND', `No enrollment token has the id ${id}.`);
      const before = toTokenResponse(token, now);
      if (!token.revokedAt) {
        token.revokedAt = now;
        await tx.save(token);
      }
      // A repeated revoke changes nothing, and is still recorded as asked.
      const after = toTokenResponse(token, now);
      await this.audit.record(tx, { action: 'enrollment-token.revoke', entityType: 'enrollment_token', entityId: id, wanId: token.wanId, before, after });
      return after;
    });
  }

  /**
   * The peer a token binds to. A peer that already has an agent is refused now, with the same
   * 409 enrollment would give, rather than handing out a token that can never be used.
   */
  private async requireBindablePeer(tx: EntityManager, wanId: string, peerId: string): Promise<PeerEntity> {
    const peer = await tx.findOneBy(PeerEntity, { id: peerId });
    if (!peer || peer.wanId !== wanId) throw invalid('peerId', `peerId must be a peer of WAN ${wanId}.`);
    const agent = await tx.findOneBy(AgentEntity, { peerId, revokedAt: IsNull() });
    if (agent) {
      throw new AppError('AGENT.INVALID_STATE', `Peer "${peer.name}" already has an agent (${agent.status}, id ${agent.id}). Revoke that agent first with POST /api/agents/${agent.id}/revoke, then create the token.`, {
        agentId: agent.id,
      });
    }
    return peer;
  }

  /** The template as peer creation would resolve it, so enrollment cannot fail to find it later. */
  private async requireTemplate(tx: EntityManager, id: string): Promise<ConfigTemplate> {
    const template = await this.templates.resolve(id, tx);
    if (!template) throw new DomainError('TEMPLATE.NOT_FOUND', `There is no template "${id.slice(0, 64)}". List templates with GET /api/templates.`, { field: 'templateId' });
    return template;
  }
}

const invalid = (field: string, reason: string) => new AppError('VALIDATION.FAILED', reason, { fields: [{ field, reason }] });

/**
 * A bound token's peer exists already, so what describes a new peer cannot come with it; and
 * one set of subnets fits one peer only (two would conflict), so subnets need a single use.
 */
function requireSensibleCombination(dto: CreateEnrollmentTokenDto): void {
  const hasSubnets = (dto.subnets?.length ?? 0) > 0;
  if (dto.peerId) {
    if ((dto.maxUses ?? 1) !== 1) throw invalid('maxUses', 'maxUses must be 1 for a token bound to one peer.');
    if (hasSubnets) throw invalid('subnets', 'subnets cannot be given with peerId: the peer keeps its own subnets. Change them on the peer instead.');
    if (dto.templateId !== undefined) throw invalid('templateId', 'templateId cannot be given with peerId: templates apply when a peer is created, and this peer exists.');
  }
  if (hasSubnets && (dto.maxUses ?? 1) !== 1) {
    throw invalid('subnets', 'subnets need a single-use token (maxUses 1): every peer the token created would claim the same LANs. Leave them out, or make one token per site.');
  }
}

/** Only what was given, so the template still decides what was left out (as in peer creation). */
function toTokenSubnet(subnet: NonNullable<CreateEnrollmentTokenDto['subnets']>[number]): EnrollmentTokenSubnet {
  const { cidr, isRouted, natEnabled, natTranslatedCidr, description } = subnet;
  return {
    cidr,
    ...(isRouted !== undefined ? { isRouted } : {}),
    ...(natEnabled !== undefined ? { natEnabled } : {}),
    ...(natTranslatedCidr !== undefined ? { natTranslatedCidr } : {}),
    ...(description !== undefined ? { description } : {}),
  };
}

/**
 * A subnet on top of the WAN's tunnel or shared-services range could never be created
 * (peer creation refuses it with the same domain check): say so now, naming the field, rather
 * than when the box enrolls. Overlaps with other peers' LANs are not blocking and are found
 * at enrollment, when the peer exists.
 */
function requireSubnetsOutsideWanRanges(wan: WanNetworkEntity, subnets: readonly EnrollmentTokenSubnet[], template: ConfigTemplate | null): void {
  if (subnets.length === 0) return;
  const self = 'enrollment-token';
  const conflicts = detectConflicts(
    {
      tunnelIpRange: wan.tunnelIpRange,
      sharedServicesRange: wan.sharedServicesRange,
      subnets: subnets.map((subnet, index) => ({
        id: String(index),
        peerId: self,
        cidr: subnet.cidr,
        // What peer creation will decide: the template's default, else routed.
        isRouted: subnet.isRouted ?? template?.defaults.routesLocalSubnets ?? true,
        natEnabled: subnet.natEnabled ?? false,
        natTranslatedCidr: subnet.natTranslatedCidr ?? null,
      })),
      peerNames: new Map([[self, 'the new peer']]),
    },
    { peerId: self },
  ).filter((conflict): conflict is CriticalConflict => conflict.severity === 'critical');
  if (conflicts.length === 0) return;
  const fields = conflicts.map((c) => ({ field: `subnets[${c.a.subnetId}].${c.via === 'cidr' ? 'cidr' : 'natTranslatedCidr'}`, reason: c.message }));
  throw new AppError('PEER.SUBNET_CONFLICT', conflicts.map((c) => c.message).join(' '), { fields });
}
