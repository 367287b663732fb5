import { Inject, Injectable } from '@nestjs/common';
import * as client from 'openid-client';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import type { OidcConfig } from '../../config/sso-config';
import { claimValues } from './role-mapping';

/** Seconds a call to the provider may take before the sign-in is answered "provider unavailable". */
const PROVIDER_TIMEOUT_SECONDS = 10;

/** What the browser must bring back to the callback; kept in the flow cookie. */
export interface OidcFlowChecks {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
}

/** Who the provider vouched for: the ID token's issuer and subject, and the claims for naming and mapping. */
export interface OidcIdentity {
  readonly issuer: string;
  readonly subject: string;
  readonly claims: Readonly<Record<string, unknown>>;
}

/** Why talking to the provider failed, as the console's `/login?error=` codes. */
export type OidcFailure = 'provider-unavailable' | 'access-denied' | 'sign-in-failed';

export class OidcProviderError extends Error {
  constructor(readonly failure: OidcFailure, message: string) {
    super(message);
  }
}

/**
 * The OpenID Connect provider, through openid-client: discovery (read on first use, and again
 * after a failure, so the control plane starts while the provider is down), the authorization
 * URL with PKCE, and the code exchange, which verifies the ID token's signature (against the
 * provider's published keys), issuer, audience, lifetime and nonce.
 */
@Injectable()
export class OidcProviderAdapter {
  private discovered: Promise<client.Configuration> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get settings(): OidcConfig | null {
    return this.config.authMode === 'multi-user' ? this.config.sso.oidc : null;
  }

  /** The provider's authorization URL for a new sign-in, and the checks its callback must pass. */
  async begin(oidc: OidcConfig): Promise<{ url: string; checks: OidcFlowChecks }> {
    const configuration = await this.configuration(oidc);
    const checks = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier() };
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: oidc.redirectUrl,
      scope: oidc.scopes,
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(checks.verifier),
      code_challenge_method: 'S256',
    });
    return { url: url.href, checks };
  }

  /**
   * Exchanges the callback's code and returns the verified identity. The role claim is taken
   * from the ID token, or from the userinfo endpoint when the provider keeps it there.
   */
  async complete(oidc: OidcConfig, query: URLSearchParams, checks: OidcFlowChecks): Promise<OidcIdentity> {
    const configuration = await this.configuration(oidc);
    const callbackUrl = new URL(oidc.redirectUrl);
    callbackUrl.search = query.toString();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(configuration, callbackUrl, { pkceCodeVerifier: checks.verifier, expectedState: checks.state, expectedNonce: checks.nonce, idTokenExpected: true });
    } catch (error) {
      throw asProviderError(error);
    }
    const idToken = tokens.claims();
    if (idToken === undefined) throw new OidcProviderError('sign-in-failed', 'The provider answered without an ID token.');
    let claims: Record<string, unknown> = { ...idToken };
    if (claimValues(claims, oidc.roleClaim).length === 0 && configuration.serverMetadata().userinfo_endpoint !== undefined) {
      try {
        claims = { ...(await client.fetchUserInfo(configuration, tokens.access_token, idToken.sub)), ...claims };
      } catch (error) {
        throw asProviderError(error);
      }
    }
    return { issuer: idToken.iss, subject: idToken.sub, claims };
  }

  private configuration(oidc: OidcConfig): Promise<client.Configuration> {
    this.discovered ??= this.discover(oidc).catch((error: unknown) => {
      this.discovered = null;
      throw new OidcProviderError('provider-unavailable', `The identity provider at ${oidc.issuer} could not be reached: ${(error as Error).message}`);
    });
    return this.discovered;
  }

  private discover(oidc: OidcConfig): Promise<client.Configuration> {
    const authentication = oidc.clientSecret === null ? client.None() : client.ClientSecretBasic(oidc.clientSecret);
    // Plain http is accepted by the config only for a provider on loopback. The ID token's
    // signature is checked against the provider's keys too, not left to TLS alone.
    const execute = [client.enableNonRepudiationChecks, ...(new URL(oidc.issuer).protocol === 'http:' ? [client.allowInsecureRequests] : [])];
    return client.discovery(new URL(oidc.issuer), oidc.clientId, undefined, authentication, { execute, timeout: PROVIDER_TIMEOUT_SECONDS });
  }
}

function asProviderError(error: unknown): OidcProviderError {
  if (error instanceof OidcProviderError) return error;
  if (error instanceof client.AuthorizationResponseError) {
    return error.error === 'access_denied'
      ? new OidcProviderError('access-denied', 'The sign-in was cancelled or refused at the identity provider.')
      : new OidcProviderError('sign-in-failed', `The identity provider refused the sign-in: ${error.error}.`);
  }
  const cause = (error as { cause?: unknown }).cause;
  const unreachable = error instanceof TypeError || (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError' || cause instanceof Error && /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|fetch failed/.test(cause.message);
  return unreachable
    ? new OidcProviderError('provider-unavailable', `The identity provider could not be reached: ${(error as Error).message}`)
    : new OidcProviderError('sign-in-failed', `The identity provider's answer was not accepted: ${(error as Error).message}`);
}
