import { Inject, Injectable } from '@nestjs/common';
import type { SignInProvidersResponse } from '@wom/contracts';
import { AuditService } from '../../audit/audit.service';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Database } from '../../database/database';
import type { UserEntity } from '../../database/entities';
import { toUserResponse, type UserResponse } from '../../users/user.dto';
import { UserRepository } from '../../users/user.repository';
import type { ClientInfo } from '../auth.service';
import { hasRole, type UserRole } from '../principal';
import { CredentialRevoker } from '../sessions/credential-revoker';
import { SessionService } from '../sessions/session.service';
import { OidcAccountRepository } from './oidc-account.repository';
import { OidcProviderAdapter, OidcProviderError, type OidcFailure, type OidcFlowChecks } from './oidc-provider.adapter';
import { claimValues, mapRole } from './role-mapping';

/** Why a sign-in ended without a session: the `error` the console is sent back with. */
export type OidcRefusal = OidcFailure | 'sso-off' | 'bad-state' | 'no-role' | 'account-disabled';

export class OidcSignInRefused extends Error {
  constructor(readonly refusal: OidcRefusal, message: string) {
    super(message);
  }
}


export const OIDC_LOGIN_PATH = '/api/auth/oidc/login';

/**
 * Single sign-on: sends the browser to the provider, and on its return maps the user's
 * groups to a role, creates or updates their account, and starts a session exactly as a
 * password login does, so the console's refresh cookie carries on from there.
 */
@Injectable()
export class OidcLoginService {
  constructor(
    @Inject(OidcProviderAdapter) private readonly provider: OidcProviderAdapter,
    @Inject(OidcAccountRepository) private readonly accounts: OidcAccountRepository,
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(Database) private readonly database: Database,
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(CredentialRevoker) private readonly revoker: CredentialRevoker,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  providers(): SignInProvidersResponse {
    const oidc = this.provider.settings;
    return { sso: oidc === null ? null : { name: oidc.displayName, loginUrl: OIDC_LOGIN_PATH }, localLogin: this.config.sso.localLogin };
  }

  async begin(): Promise<{ url: string; checks: OidcFlowChecks }> {
    const oidc = this.provider.settings;
    if (oidc === null) throw new OidcSignInRefused('sso-off', 'Single sign-on is not configured.');
    try {
      return await this.provider.begin(oidc);
    } catch (error) {
      throw await this.refused(error instanceof OidcProviderError ? error.failure : 'provider-unavailable', (error as Error).message, null);
    }
  }

  /** The refresh token of the new session, or OidcSignInRefused (audited) with the reason. */
  async finish(query: URLSearchParams, checks: OidcFlowChecks | null, client: ClientInfo): Promise<string> {
    const oidc = this.provider.settings;
    if (oidc === null) throw new OidcSignInRefused('sso-off', 'Single sign-on is not configured.');
    if (query.get('error') === 'access_denied') throw await this.refused('access-denied', 'The sign-in was cancelled or refused at the identity provider.', null);
    if (checks === null || query.get('state') !== checks.state) {
      throw await this.refused('bad-state', 'The sign-in response does not belong to a sign-in started in this browser, or it took longer than 10 minutes.', null);
    }
    let identity;
    try {
      identity = await this.provider.complete(oidc, query, checks);
    } catch (error) {
      throw await this.refused(error instanceof OidcProviderError ? error.failure : 'sign-in-failed', (error as Error).message, null);
    }
    const groups = claimValues(identity.claims, oidc.roleClaim);
    const role = mapRole(groups, oidc.roleMap);
    const who = { subject: identity.subject, groups: groups.slice(0, 20) };
    if (role === null) throw await this.refused('no-role', `None of the groups in the "${oidc.roleClaim}" claim has a role in OIDC_ROLE_MAP.`, who);
    const preferredName = firstString(identity.claims, ['preferred_username', 'email', 'name']) ?? `sso-${identity.subject}`;

    const account = { issuer: identity.issuer, subject: identity.subject, preferredName };
    // Two first sign-ins at once (two tabs) both try to create the account; the second one's retry finds it.
    const outcome = await this.resolveAccount(account, role).catch((error: unknown) => (isUniqueViolation(error) ? this.resolveAccount(account, role) : Promise.reject(error)));
    if (outcome.kind === 'disabled') throw await this.refused('account-disabled', `The account "${outcome.user.username}" is disabled. An admin can enable it.`, who);
    if (outcome.revokedSessions > 0) this.revoker.forgetCached(outcome.user.id);

    const user = outcome.user;
    await this.users.touchLogin(user.id);
    const started = await this.sessions.start(user, client.address, client.userAgent);
    const after = { ...toUserResponse(user), sessionId: started.session.id, created: outcome.created, revokedSessions: outcome.revokedSessions, revokedApiKeys: outcome.revokedApiKeys };
    await this.audit.record(null, { action: 'auth.oidc-login', entityType: 'user', entityId: user.id, before: outcome.before, after }, { type: 'user', id: user.id, name: user.username });
    return started.refreshToken;
  }

  /** Finds or creates the account; the provider's groups decide its role, and a change ends its sessions as an admin's would. */
  private resolveAccount(identity: { issuer: string; subject: string; preferredName: string }, role: UserRole): Promise<AccountOutcome> {
    return this.database.transaction(async (tx): Promise<AccountOutcome> => {
      const existing = await this.accounts.findByIdentity(tx, identity.issuer, identity.subject);
      if (existing === null) return { kind: 'signed-in', user: await this.accounts.insert(tx, identity, role), created: true, before: null, revokedSessions: 0, revokedApiKeys: 0 };
      if (!existing.isActive) return { kind: 'disabled', user: existing };
      const before = toUserResponse(existing);
      if (existing.role === role) return { kind: 'signed-in', user: existing, created: false, before, revokedSessions: 0, revokedApiKeys: 0 };
      const demoted = !hasRole(role, existing.role);
      existing.role = role;
      const user = await this.accounts.save(tx, existing);
      const revokedSessions = await this.revoker.revokeSessions(tx, user.id, 'role-changed');
      return { kind: 'signed-in', user, created: false, before, revokedSessions, revokedApiKeys: demoted ? await this.revoker.revokeApiKeys(tx, user.id) : 0 };
    });
  }

  private async refused(refusal: OidcRefusal, message: string, who: { subject: string; groups: string[] } | null): Promise<OidcSignInRefused> {
    await this.audit.record(null, { action: 'auth.oidc-login-refused', entityType: 'user', entityId: null, after: { reason: refusal, detail: message.slice(0, 300), ...(who ?? {}) } }, { type: 'anonymous', id: null, name: who?.subject.slice(0, 64) ?? null });
    return new OidcSignInRefused(refusal, message);
  }
}

type AccountOutcome =
  | { readonly kind: 'disabled'; readonly user: UserEntity }
  | { readonly kind: 'signed-in'; readonly user: UserEntity; readonly created: boolean; readonly before: UserResponse | null; readonly revokedSessions: number; readonly revokedApiKeys: number };

const isUniqueViolation = (error: unknown): boolean => (error as { driverError?: { code?: string } }).driverError?.code === '23505';

function firstString(claims: Readonly<Record<string, unknown>>, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = claims[name];
    if (typeof value === 'string' && value.trim() !== '') return value;
  }
  return undefined;
}
