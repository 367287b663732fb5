import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { SessionResponse } from '@wom/contracts';
import { AuditService } from '../../audit/audit.service';
import { AppError } from '../../common/errors/app-error';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Database } from '../../database/database';
import type { AuthSessionEntity, UserEntity } from '../../database/entities';
import { UserRepository } from '../../users/user.repository';
import type { Principal } from '../principal';
import { newRefreshToken, parseRefreshToken, sameHash } from './refresh-token';
import { SessionCache, type SessionValidity } from './session-cache';
import { SessionRepository } from './session.repository';

/** Rotated-away refresh tokens remembered per session for reuse detection. */
const REMEMBERED_PREVIOUS_TOKENS = 32;
/**
 * Two tabs refreshing at the same moment send the same cookie; the second then presents the
 * token the first just rotated away. Within this window that is taken as such a race, not as
 * theft: the second gets an access token, and keeps the cookie the first one set.
 */
export const CONCURRENT_REFRESH_GRACE_MS = 10_000;

export interface StartedSession {
  readonly session: AuthSessionEntity;
  readonly refreshToken: string;
}

export type RefreshOutcome =
  | { readonly kind: 'rotated'; readonly session: AuthSessionEntity; readonly user: UserEntity; readonly refreshToken: string }
  | { readonly kind: 'concurrent'; readonly session: AuthSessionEntity; readonly user: UserEntity }
  | { readonly kind: 'refused'; readonly reuse: boolean };

/** Sessions: started by a login, renewed by a refresh, ended by logout, expiry or revocation. */
@Injectable()
export class SessionService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Database) private readonly database: Database,
    @Inject(SessionRepository) private readonly sessions: SessionRepository,
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(SessionCache) private readonly cache: SessionCache,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /** A new session for a user who just proved who they are; their sessions that ended long ago are dropped. */
  async start(user: UserEntity, clientAddress: string | null, userAgent: string | null): Promise<StartedSession> {
    await this.sessions.pruneEnded(user.id);
    const id = randomUUID();
    const refresh = newRefreshToken(id);
    const session = await this.sessions.insert({
      id,
      userId: user.id,
      refreshTokenHash: refresh.hash,
      expiresAt: new Date(Date.now() + this.config.sessions.ttlSeconds * 1000),
      clientAddress: clientAddress?.slice(0, 64) ?? null,
      userAgent: userAgent?.slice(0, 256) ?? null,
    });
    return { session, refreshToken: refresh.token };
  }

  /**
   * Swaps a refresh token for a new one. Presenting a token this session already rotated away
   * means two parties hold it, so the whole session is revoked (reuse detection).
   */
  async refresh(token: unknown, now = new Date()): Promise<RefreshOutcome> {
    const parsed = parseRefreshToken(token);
    if (parsed === null) return { kind: 'refused', reuse: false };
    const outcome = await this.database.transaction(async (tx): Promise<RefreshOutcome> => {
      const session = await this.sessions.findForUpdate(tx, parsed.sessionId);
      if (session === null || session.revokedAt !== null) return { kind: 'refused', reuse: false };
      const previous = session.previousRefreshTokenHashes;
      if (!sameHash(session.refreshTokenHash, parsed.secretHash)) {
        if (!previous.some((hash) => sameHash(hash, parsed.secretHash))) return { kind: 'refused', reuse: false };
        const justRotated = sameHash(previous[previous.length - 1]!, parsed.secretHash) && now.getTime() - session.refreshedAt.getTime() <= CONCURRENT_REFRESH_GRACE_MS;
        const user = justRotated ? await this.liveUser(tx, session, now) : null;
        if (user !== null) {
          await this.audit.record(tx, { action: 'auth.refresh', entityType: 'session', entityId: session.id, after: { rotated: false } }, { type: 'user', id: user.id, name: user.username });
          return { kind: 'concurrent', session, user };
        }
        Object.assign(session, { revokedAt: now, revokedReason: 'refresh-token-reuse' });
        await this.sessions.save(tx, session);
        await this.audit.record(tx, { action: 'session.refresh-token-reused', entityType: 'user', entityId: session.userId, after: { sessionId: session.id } }, { type: 'system', id: null, name: 'session' });
        return { kind: 'refused', reuse: true };
      }
      const user = await this.liveUser(tx, session, now);
      if (user === null) return { kind: 'refused', reuse: false };
      const next = newRefreshToken(session.id);
      Object.assign(session, {
        refreshTokenHash: next.hash,
        previousRefreshTokenHashes: [...previous, session.refreshTokenHash].slice(-REMEMBERED_PREVIOUS_TOKENS),
        refreshedAt: now,
      });
      await this.audit.record(tx, { action: 'auth.refresh', entityType: 'session', entityId: session.id }, { type: 'user', id: user.id, name: user.username });
      return { kind: 'rotated', session: await this.sessions.save(tx, session), user, refreshToken: next.token };
    });
    if (outcome.kind === 'refused' && outcome.reuse) this.cache.forgetSession(parsed.sessionId);
    return outcome;
  }

  /** Ends the session a refresh token names, if it is valid; the answer is the same either way. */
  async logout(token: unknown): Promise<void> {
    const parsed = parseRefreshToken(token);
    await this.database.transaction(async (tx) => {
      const session = parsed === null ? null : await this.sessions.findForUpdate(tx, parsed.sessionId);
      const ends = session !== null && parsed !== null && session.revokedAt === null && sameHash(session.refreshTokenHash, parsed.secretHash);
      if (ends) await this.sessions.revoke(session.id, 'logout', undefined, tx);
      const actor = ends ? ({ type: 'user', id: session.userId, name: null } as const) : ({ type: 'anonymous', id: null, name: null } as const);
      await this.audit.record(tx, { action: 'auth.logout', entityType: 'session', entityId: ends ? session.id : null, after: { ended: ends } }, actor);
    });
    if (parsed !== null) this.cache.forgetSession(parsed.sessionId);
  }

  /** The caller's live sessions; API keys and single-user mode have none. */
  async listOwn(principal: Principal): Promise<SessionResponse[]> {
    if (principal.kind !== 'user' || principal.id === null) return [];
    return this.listOfUser(principal.id, principal.sessionId);
  }

  async listOfUser(userId: string, currentSessionId?: string): Promise<SessionResponse[]> {
    return (await this.sessions.listLive(userId)).map((session) => toSessionResponse(session, currentSessionId));
  }

  /** An admin's view of a user's live sessions; 404 for an unknown user. */
  async listOfUserChecked(userId: string): Promise<SessionResponse[]> {
    if (!(await this.users.findById(userId))) throw userNotFound(userId);
    return this.listOfUser(userId);
  }

  /** Signs a user out everywhere (an admin's action). */
  async revokeAllOfUser(userId: string): Promise<void> {
    await this.database.transaction(async (tx) => {
      if (!(await this.users.findById(userId, tx))) throw userNotFound(userId);
      const ended = await this.sessions.revokeAllOfUser(tx, userId, 'revoked');
      await this.audit.record(tx, { action: 'user.sessions-revoke', entityType: 'user', entityId: userId, after: { endedSessions: ended } });
    });
    this.cache.forgetUser(userId);
  }

  /**
   * Ends one live session. Users end their own; an admin may end anyone's. Another user's
   * session answers like an unknown one (404), so ids cannot be probed.
   */
  async revoke(principal: Principal, sessionId: string): Promise<void> {
    const owner = principal.role === 'admin' ? undefined : (principal.kind === 'user' ? principal.id : null);
    await this.database.transaction(async (tx) => {
      if (owner === null || !(await this.sessions.revoke(sessionId, 'revoked', owner, tx))) {
        throw new AppError('SESSION.NOT_FOUND', `No live session of yours has the id ${sessionId}. List them with GET /api/auth/sessions.`);
      }
      await this.audit.record(tx, { action: 'session.revoke', entityType: 'session', entityId: sessionId, after: { revokedReason: 'revoked' } });
    });
    this.cache.forgetSession(sessionId);
  }

  /** Whether an access token's session may still be used, cached for SESSION_CACHE_MS. */
  async validity(sessionId: string): Promise<SessionValidity | null> {
    const cached = this.cache.get(sessionId);
    if (cached !== undefined) return cached;
    const read = await this.sessions.validity(sessionId);
    if (read !== null) this.cache.put(sessionId, read);
    return read;
  }

  /** The session's user when the session may still be refreshed: enabled, not past its end, not idle too long. */
  private async liveUser(tx: EntityManager, session: AuthSessionEntity, now: Date): Promise<UserEntity | null> {
    const idleSince = now.getTime() - session.refreshedAt.getTime();
    if (session.expiresAt.getTime() <= now.getTime() || idleSince > this.config.sessions.idleSeconds * 1000) return null;
    const user = await this.users.findById(session.userId, tx);
    return user?.isActive ? user : null;
  }
}

const userNotFound = (id: string) => new AppError('USER.NOT_FOUND', `No user has the id ${id}. List users with GET /api/users.`);

export const toSessionResponse = (session: AuthSessionEntity, currentSessionId?: string): SessionResponse => ({
  id: session.id,
  createdAt: session.createdAt.toISOString(),
  refreshedAt: session.refreshedAt.toISOString(),
  expiresAt: session.expiresAt.toISOString(),
  clientAddress: session.clientAddress,
  userAgent: session.userAgent,
  current: session.id === currentSessionId,
});
