import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Database } from '../database/database';
import { UserRepository } from '../users/user.repository';
import { toUserResponse } from '../users/user.dto';
import type { ChangePasswordDto, LoginDto, LoginResponse, MeResponse } from './auth.dto';
import { hashPassword, needsRehash, verifyPassword } from './credentials';
import { LoginThrottle } from './login-throttle';
import type { Principal } from './principal';

interface AccessTokenClaims {
  readonly sub: string;
  readonly typ: 'access';
}

const invalidCredentials = () => new AppError('AUTH.INVALID_CREDENTIALS', 'The username or password is wrong.', { fields: [] });

/** Login, token checks and password changes (spec §10.3). */
@Injectable()
export class AuthService {
  private readonly throttle: LoginThrottle;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(Database) private readonly database: Database,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {
    this.throttle = new LoginThrottle(config.loginMaxFailures, config.loginLockoutSeconds * 1000);
  }

  /**
   * Unknown and disabled users cost the same argon2 work as a wrong password, and all three
   * answer the same 401, so timing and wording reveal nothing about which usernames exist.
   */
  async login(dto: LoginDto, ip: string): Promise<LoginResponse> {
    if (this.config.authMode === 'single-user') {
      throw new AppError('AUTH.LOGIN_DISABLED', 'Single-user mode has no login: every request on loopback acts as the local admin. Set AUTH_MODE=multi-user to use accounts.', { fields: [] });
    }
    const username = dto.username.trim().toLowerCase();
    const attempt = `${username}|${ip}`;
    const retryAfterSeconds = this.throttle.retryAfterSeconds(attempt);
    if (retryAfterSeconds !== null) {
      throw new AppError('AUTH.TOO_MANY_ATTEMPTS', `Too many failed logins for this user from your address. Try again in ${retryAfterSeconds} s.`, { fields: [], retryAfterSeconds });
    }
    const user = await this.users.findByUsername(username);
    const matches = await verifyPassword(user?.passwordHash ?? null, dto.password);
    if (!user || !user.isActive || !matches) {
      this.throttle.fail(attempt);
      await this.audit.record(null, { action: 'auth.login-failed', entityType: 'user', entityId: user?.id ?? null }, { type: 'anonymous', id: null, name: username.slice(0, 64) });
      throw invalidCredentials();
    }
    this.throttle.succeed(attempt);
    await this.users.touchLogin(user.id, needsRehash(user.passwordHash) ? await hashPassword(dto.password) : undefined);
    await this.audit.record(null, { action: 'auth.login', entityType: 'user', entityId: user.id }, { type: 'user', id: user.id, name: user.username });
    const claims: AccessTokenClaims = { sub: user.id, typ: 'access' };
    return {
      accessToken: await this.jwt.signAsync(claims),
      tokenType: 'Bearer',
      expiresIn: this.config.jwtTtlSeconds,
      user: { id: user.id, username: user.username, role: user.role, mustChangePassword: user.mustChangePassword },
    };
  }

  /**
   * The user behind an access token, read fresh so a disabled, deleted or demoted user loses
   * access at once rather than when the token expires. Null for anything invalid.
   */
  async authenticateToken(token: string): Promise<Principal | null> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, { algorithms: ['HS256'] });
    } catch {
      return null;
    }
    if (claims.typ !== 'access' || typeof claims.sub !== 'string') return null;
    const user = await this.users.findById(claims.sub).catch(() => null);
    if (!user || !user.isActive) return null;
    return { kind: 'user', id: user.id, name: user.username, role: user.role, mustChangePassword: user.mustChangePassword };
  }

  me(principal: Principal): MeResponse {
    return { kind: principal.kind, id: principal.id, name: principal.name, role: principal.role, mustChangePassword: principal.mustChangePassword ?? false };
  }

  /** A user replaces their own password; this also clears a one-time password's flag. */
  async changePassword(principal: Principal, dto: ChangePasswordDto): Promise<void> {
    if (principal.kind !== 'user' || principal.id === null) {
      throw new AppError('AUTH.FORBIDDEN', 'Only user accounts have a password; API keys and single-user mode do not.', { fields: [] });
    }
    const user = await this.users.findById(principal.id);
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
      await this.audit.record(tx, { action: 'user.change-password', entityType: 'user', entityId: user.id, before, after });
    });
  }
}
