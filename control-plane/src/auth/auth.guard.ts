import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import type { ContextualRequest } from '../audit/request-context';
import { AppError } from '../common/errors/app-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ApiKeyService } from './api-keys/api-key.service';
import { ALLOWED_BEFORE_PASSWORD_CHANGE, PUBLIC_ROUTE, REQUIRED_ROLE } from './auth.decorators';
import { AuthService } from './auth.service';
import { API_KEY_PREFIX, parseApiKey } from './credentials';
import { FailedAuthLimiter } from './failed-auth-limiter';
import { hasRole, LOCAL_PRINCIPAL, type Principal, type UserRole } from './principal';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BEARER = /^Bearer ([^\s]{1,4096})$/i;

/**
 * The one global authorization decision (spec §10.3). Routes are authenticated unless
 * `@Public()`; the role a route needs is its `@Roles()` or, by default, read-only for reads
 * and operator for anything that changes state. 401 means "who are you?", 403 "not you".
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(ApiKeyService) private readonly apiKeys: ApiKeyService,
    @Inject(FailedAuthLimiter) private readonly limiter: FailedAuthLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    const req = context.switchToHttp().getRequest<ContextualRequest>();
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;

    const response = context.switchToHttp().getResponse<Response>();
    const principal = await this.authenticate(req, response);
    if (!principal) {
      response.setHeader('WWW-Authenticate', 'Bearer');
      const presented = req.headers.authorization !== undefined;
      throw new AppError(
        'AUTH.UNAUTHENTICATED',
        presented
          ? 'The access token or API key is invalid, expired or revoked. Log in again with POST /api/auth/login.'
          : 'Authentication required: send Authorization: Bearer <access token or API key>. Get a token with POST /api/auth/login.',
        { fields: [] },
      );
    }
    req.principal = principal;
    if (principal.mustChangePassword && !this.reflector.get<boolean>(ALLOWED_BEFORE_PASSWORD_CHANGE, context.getHandler())) {
      throw new AppError('AUTH.PASSWORD_CHANGE_REQUIRED', 'This account has a one-time password. Set your own with POST /api/auth/password first.', { fields: [] });
    }
    const required = this.reflector.getAllAndOverride<UserRole>(REQUIRED_ROLE, targets) ?? (READS.has(req.method) ? 'read-only' : 'operator');
    if (!hasRole(principal.role, required)) {
      throw new AppError('AUTH.FORBIDDEN', `This needs the ${required} role or higher; you are ${principal.role}.`, { fields: [] });
    }
    return true;
  }

  /**
   * The principal of the presented credential. An address over its failure limit is refused
   * before its credential is looked at; a refused credential is counted against the address
   * and, for an API key, its public id.
   */
  private async authenticate(req: ContextualRequest, response: Response): Promise<Principal | null> {
    if (this.config.authMode === 'single-user') return LOCAL_PRINCIPAL;
    const header = req.headers.authorization;
    if (header === undefined) return null;
    const address = req.ip ?? 'unknown';
    refuse(response, this.limiter.refusalForAddress(address));
    const token = typeof header === 'string' ? BEARER.exec(header.trim())?.[1] : undefined;
    const isApiKey = token?.startsWith(`${API_KEY_PREFIX}_`) ?? false;
    const principal = token === undefined ? null : isApiKey ? await this.apiKeys.authenticate(token) : await this.auth.authenticateToken(token);
    if (principal === null) {
      const keyId = isApiKey ? parseApiKey(token)?.id : undefined;
      refuse(response, this.limiter.failCredential(address, keyId === undefined ? null : `api-key:${keyId}`));
    }
    return principal;
  }
}

/** Guards run before interceptors, so the RetryAfterInterceptor never sees this 429: the header is set here. */
function refuse(response: Response, tooMany: AppError | null): void {
  if (tooMany === null) return;
  response.setHeader('Retry-After', String(tooMany.details['retryAfterSeconds']));
  throw tooMany;
}
