import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ApiKeyEntity } from '../../database/entities';
import { SessionCache } from './session-cache';
import { SessionRepository, type SessionRevokeReason } from './session.repository';

/**
 * Ends what a user signed in with when their account changes: sessions on a password change,
 * disable or role change, and the API keys they own on a disable or demotion (a key must not
 * outlive its owner's standing). Runs inside the caller's transaction; call
 * {@link CredentialRevoker.forgetCached} once it has committed, so no request in between
 * caches the session as still live.
 */
@Injectable()
export class CredentialRevoker {
  constructor(
    @Inject(SessionRepository) private readonly sessions: SessionRepository,
    @Inject(SessionCache) private readonly cache: SessionCache,
  ) {}

  revokeSessions(manager: EntityManager, userId: string, reason: SessionRevokeReason): Promise<number> {
    return this.sessions.revokeAllOfUser(manager, userId, reason);
  }

  /** Revokes every live API key the user owns; how many. */
  async revokeApiKeys(manager: EntityManager, userId: string): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .update(ApiKeyEntity)
      .set({ revokedAt: () => 'now()' })
      .where('user_id = :userId AND revoked_at IS NULL', { userId })
      .execute();
    return result.affected ?? 0;
  }

  forgetCached(userId: string): void {
    this.cache.forgetUser(userId);
  }
}
