import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Database } from '../database/database';
import type { UserEntity } from '../database/entities';
import { UserRepository } from '../users/user.repository';
import { toUserResponse } from '../users/user.dto';
import type { ChangePasswordDto, LoginDto, LoginResponse, MeResponse } from './auth.dto';
import { hashPassword, needsRehash, verifyPassword } from './credentials';
import { FailedAuthLimiter } from './failed-auth-limiter';
import type { Principal } from './principal';
import { AccessTokens } from './sessions/access-tokens';
import { CredentialRevoker } from './sessions/credential-revoker';
import { SessionService } from './sessions/session.service';

const invalidCredentials = () => new AppError('AUTH.INVALID_CREDENTIALS', 'The username or password is wrong.', { fields: [] });
const sessionEnded = () => new AppError('AUTH.UNAUTHENTICATED', 'The session has ended or the refresh token is invalid. Log in again with POST /api/auth/login.', { fields: [] });

/** Who is asking, as far as sessions and failure counts care. */
export interface ClientInfo {
  readonly address: string;
  readonly userAgent: string | null;
}

/** A login or refresh: the answer, and the refresh token for the cookie when a new one was made. */
export interface IssuedSession {
  readonly response: LoginResponse;
  readonly refreshToken: string | null;
}

/** Login, refresh, token checks and password changes (spec §10.3). */
@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(Database) private readonly database: Database,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(FailedAuthLimiter) private readonly limiter: FailedAuthLimiter,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(AccessTokens) private readonly tokens: AccessTokens,
    @Inject(CredentialRevoker) private readonly revoker: CredentialRevoker,
  ) {}

  /**
   * Unknown and disabled users cost the same argon2 work as a wrong password, and all three
   * answer the same 401, so timing and wording reveal nothing about which usernames exist.
   */
  async login(dto: LoginDto, client: ClientInfo): Promise<IssuedSession> {
    if (this.config.authMode === 'single-user') {
      throw new AppError('AUTH.LOGIN_DISABLED', 'Single-user mode has no login: every request on loopback acts as the local admin. Set AUTH_MODE=multi-user to use accounts.', { fields: [] });
    }
    if (!this.config.sso.localLogin) {
      throw new AppError('AUTH.LOCAL_LOGIN_OFF', 'Password login is turned off (LOCAL_LOGIN=off): sign in with single sign-on at GET /api/auth/oidc/login.', { fields: [] });
    }
    const username = dto.username.trim().toLowerCase();
    this.limiter.checkLogin(username, client.address);
    const user = await this.users.findByUsername(username);
    // A single sign-on account has no password; it answers like a wrong one, so names stay unprobeable.
    const matches = await verifyPassword(user?.externalSubject == null ? (user?.passwordHash ?? null) : null, dto.password);
    if (!user || !user.isActive || !matches || user.passwordHash === null) {
      this.limiter.failLogin(username, client.address);
      await this.audit.record(null, { action: 'auth.login-failed', entityType: 'user', entityId: user?.id ?? null }, { type: 'anonymous', id: null, name: username.slice(0, 64) });
      throw invalidCredentials();
    }
    this.limiter.succeedLogin(username, client.address);
    await this.users.touchLogin(user.id, needsRehash(user.passwordHash) ? await hashPassword(dto.password) : undefined);
    const started = await this.sessions.start(user, client.address, client.userAgent);
    await this.audit.record(null, { action: 'auth.login', entityType: 'user', entityId: user.id, after: { sessionId: started.session.id } }, { type: 'user', id: user.id, name: user.username });
    return { response: await this.answer(user, started.session.id), refreshToken: started.refreshToken };
  }

  /** A new access token for a refresh token, rotating the refresh token (see SessionService.refresh). */
  async refresh(refreshToken: string | undefined, client: ClientInfo): Promise<IssuedSession> {
    if (this.config.authMode === 'single-user') throw sessionEnded();
    this.limiter.checkAddress(client.address);
    const outcome = await this.sessions.refresh(refreshToken);
    if (outcome.kind === 'refused') throw this.limiter.failCredential(client.address, null) ?? sessionEnded();
    const response = await this.answer(outcome.user, outcome.session.id);
    return { response, refreshToken: outcome.kind === 'rotated' ? outcome.refreshToken : null };
  }

  logout(refreshToken: string | undefined): Promise<void> {
    return this.sessions.logout(refreshToken);
  }

  /**
   * The user behind an access token: the signature, key and lifetime are checked, then the
   * session (cached briefly, see SessionCache), so a logout, password change, disable or
   * role change ends the token at once. Null for anything invalid.
   */
  async authenticateToken(token: string): Promise<Principal | null> {
    const claims = await this.tokens.verify(token);
    if (claims === null) return null;
    const session = await this.sessions.validity(claims.sid).catch(() => null);
    if (session === null || !session.live || session.userId !== claims.sub) return null;
    return { kind: 'user', id: session.userId, name: session.username, role: session.role, mustChangePassword: session.mustChangePassword, sessionId: claims.sid };
  }

  private async answer(user: UserEntity, sessionId: string): Promise<LoginResponse> {
    const access = await this.tokens.issue(user.id, sessionId);
    return {
      accessToken: access.token,
      tokenType: 'Bearer',
      expiresIn: access.expiresIn,
      user: { id: user.id, username: user.username, role: user.role, mustChangePassword: user.mustChangePassword },
    };
  }

  me(principal: Principal): MeResponse {
    return { kind: principal.kind, id: principal.id, name: principal.name, role: principal.role, mustChangePassword: principal.mustChangePassword ?? false };
  }

  /**
   * A user replaces their own password; this also clears a one-time password's flag. Every
   * session of the user ends, this one included: whoever else held one must not keep it.
   */
  async changePassword(principal: Principal, dto: ChangePasswordDto): Promise<void> {
    if (principal.kind !== 'user' || principal.id === null) {
      throw new AppError('AUTH.FORBIDDEN', 'Only user accounts have a password; API keys and single-user mode do not.', { fields: [] });
    }
    const user = await this.users.findById(principal.id);
    if (user?.externalSubject != null) {
      throw new AppError('AUTH.FORBIDDEN', 'This account signs in with single sign-on and has no password here; change it at your identity provider.', { fields: [] });
    }
    if (!user || !(await verifyPassword(user.passwordHash, dto.currentPassword))) {
      throw new AppError('AUTH.INVALID_CREDENTIALS', 'The current password is wrong.', { fields: [{ field: 'currentPassword', reason: 'The current password is wrong.' }] });
    }
    if (dto.newPassword === dto.currentPassword) {
      const reason = 'Choose a new password that differs from the current one.';
      throw new AppError('VALIDATION.FAILED', reason, { fields: [{ field: 'newPassword', reason }] });
    }
    const passwordHash = await hashPassword(dto.newPassword);
    await this.database.transaction(async (tx) => {
      const before = toUserResponse(user);
      Object.assign(user, { passwordHash, mustChangePassword: false });
      const after = toUserResponse(await this.users.save(tx, user));
      const revokedSessions = await this.revoker.revokeSessions(tx, user.id, 'password-changed');
      await this.audit.record(tx, { action: 'user.change-password', entityType: 'user', entityId: user.id, before, after: { ...after, revokedSessions } });
    });
    this.revoker.forgetCached(user.id);
  }
}
