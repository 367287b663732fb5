import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import type { Page } from '../common/http/pagination.dto';
import { Database } from '../database/database';
import { EnrollmentTokenEntity, PeerEntity, WanNetworkEntity } from '../database/entities';
import { toTokenResponse, type CreatedEnrollmentTokenResponse, type CreateEnrollmentTokenDto, type EnrollmentTokenResponse } from './agents.dto';
import { newEnrollmentSecret } from './enrollment-secret';

const DEFAULT_LIFETIME_SECONDS = 86_400;

/** Enrollment tokens (create, list, revoke); redeeming one is the EnrollmentService's job. */
@Injectable()
export class EnrollmentTokenService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async create(dto: CreateEnrollmentTokenDto, createdBy: string | null, now = new Date()): Promise<CreatedEnrollmentTokenResponse> {
    return this.database.transaction(async (tx) => {
      if (!(await tx.existsBy(WanNetworkEntity, { id: dto.wanId }))) throw new AppError('WAN.NOT_FOUND', `No WAN has the id ${dto.wanId}. List WANs with GET /api/wan.`);
      let peerType = dto.peerType ?? 'server';
      if (dto.peerId) {
        const peer = await tx.findOneBy(PeerEntity, { id: dto.peerId });
        if (!peer || peer.wanId !== dto.wanId) {
          const reason = `peerId must be a peer of WAN ${dto.wanId}.`;
          throw new AppError('VALIDATION.FAILED', reason, { fields: [{ field: 'peerId', reason }] });
        }
        peerType = peer.type;
      }
      if (dto.peerId && (dto.maxUses ?? 1) !== 1) {
        const reason = 'maxUses must be 1 for a token bound to one peer.';
        throw new AppError('VALIDATION.FAILED', reason, { fields: [{ field: 'maxUses', reason }] });
      }
      const secret = newEnrollmentSecret();
      const token = await tx.save(
        tx.create(EnrollmentTokenEntity, {
          wanId: dto.wanId,
          peerId: dto.peerId ?? null,
          name: dto.name ?? '',
          tokenHash: secret.hash,
          tokenPrefix: secret.prefix,
          peerType,
          tags: dto.tags ?? [],
          nameTemplate: dto.nameTemplate ?? '{hostname}',
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
      return { ...response, token: secret.secret };
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
      if (!token.revokedAt) {
        token.revokedAt = now;
        await tx.save(token);
        await this.audit.record(tx, { action: 'enrollment-token.revoke', entityType: 'enrollment_token', entityId: id, wanId: token.wanId });
      }
      return toTokenResponse(token, now);
    });
  }
}
