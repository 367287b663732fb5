import { Inject, Injectable } from '@nestjs/common';
import { IsNull, MoreThan, type EntityManager } from 'typeorm';
import { Database } from '../../database/database';
import { AuthSessionEntity } from '../../database/entities';
import type { UserRole } from '../principal';
import type { SessionValidity } from './session-cache';

export const SESSION_REVOKE_REASONS = ['logout', 'revoked', 'password-changed', 'user-disabled', 'role-changed', 'refresh-token-reuse'] as const;
export type SessionRevokeReason = (typeof SESSION_REVOKE_REASONS)[number];

type NewSession = Pick<AuthSessionEntity, 'id' | 'userId' | 'refreshTokenHash' | 'expiresAt' | 'clientAddress' | 'userAgent'>;

@Injectable()
export class SessionRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  insert(session: NewSession, manager: EntityManager = this.database.manager): Promise<AuthSessionEntity> {
    return manager.save(manager.create(AuthSessionEntity, { ...session, previousRefreshTokenHashes: [], refreshedAt: new Date(), revokedAt: null, revokedReason: null }));
  }

  /** The row, locked until the transaction ends, so two refreshes of one session take turns. */
  findForUpdate(manager: EntityManager, id: string): Promise<AuthSessionEntity | null> {
    return manager.findOne(AuthSessionEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  save(manager: EntityManager, session: AuthSessionEntity): Promise<AuthSessionEntity> {
    return manager.save(session);
  }

  /** Sessions that can still be refreshed, newest first. */
  listLive(userId: string, now = new Date()): Promise<AuthSessionEntity[]> {
    return this.database.manager.find(AuthSessionEntity, { where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(now) }, order: { createdAt: 'DESC' } });
  }

  /** Ends one session; false when it was not there, not `userId`'s (when given), or already ended. */
  async revoke(id: string, reason: SessionRevokeReason, userId?: string, manager: EntityManager = this.database.manager): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(AuthSessionEntity)
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where('id = :id AND revoked_at IS NULL', { id })
      .andWhere(userId === undefined ? '1 = 1' : 'user_id = :userId', { userId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Ends every live session of a user; how many. */
  async revokeAllOfUser(manager: EntityManager, userId: string, reason: SessionRevokeReason): Promise<number> {
    const result = await manager
      .createQueryBuilder()
      .update(AuthSessionEntity)
      .set({ revokedAt: () => 'now()', revokedReason: reason })
      .where('user_id = :userId AND revoked_at IS NULL', { userId })
      .execute();
    return result.affected ?? 0;
  }

  /** Deletes a user's sessions that ended (revoked or expired) more than `keepDays` ago. */
  async pruneEnded(userId: string, keepDays = 30): Promise<void> {
    await this.database.manager.query(
      `DELETE FROM session WHERE user_id = $1 AND (revoked_at < now() - make_interval(days => $2::int) OR expires_at < now() - make_interval(days => $2::int))`,
      [userId, keepDays],
    );
  }

  /** The guard's one query: the session with its user's current state. */
  async validity(id: string, now = new Date()): Promise<SessionValidity | null> {
    const rows = (await this.database.manager.query(
      `SELECT s.user_id, s.revoked_at, s.expires_at, u.username, u.role, u.is_active, u.must_change_password
         FROM session s JOIN app_user u ON u.id = s.user_id WHERE s.id = $1`,
      [id],
    )) as { user_id: string; revoked_at: Date | null; expires_at: Date; username: string; role: UserRole; is_active: boolean; must_change_password: boolean }[];
    const row = rows[0];
    if (row === undefined) return null;
    const live = row.revoked_at === null && new Date(row.expires_at).getTime() > now.getTime() && row.is_active;
    return { userId: row.user_id, username: row.username, role: row.role, mustChangePassword: row.must_change_password, live };
  }
}
