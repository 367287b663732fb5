import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Request, Response } from 'express';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { readCookie, secure } from '../sessions/refresh-cookie';
import { SigningKeyRing } from '../sessions/signing-key-ring';
import type { OidcFlowChecks } from './oidc-provider.adapter';

const FLOW_COOKIE = 'wom_oidc';
/** Only the callback reads it. */
const FLOW_COOKIE_PATH = '/api/auth/oidc';
/** Time to sign in at the provider before the callback is refused as expired. */
export const FLOW_TTL_SECONDS = 600;

/**
 * The state, nonce and PKCE verifier of a sign-in in progress, kept in the browser as a
 * signed token (the access tokens' key ring, so any replica can read it) rather than on one
 * replica. `SameSite=Lax`, unlike the refresh cookie: the callback is a navigation from the
 * provider's site, which a Strict cookie would not accompany.
 */
@Injectable()
export class OidcFlowCookie {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(SigningKeyRing) private readonly keys: SigningKeyRing,
  ) {}

  async set(req: Request, res: Response, checks: OidcFlowChecks): Promise<void> {
    const key = await this.keys.signingKey();
    const token = await this.jwt.signAsync({ typ: 'oidc-flow', ...checks }, { privateKey: key.secret, keyid: key.kid, algorithm: 'HS256', expiresIn: FLOW_TTL_SECONDS });
    res.cookie(FLOW_COOKIE, token, { httpOnly: true, secure: this.secure(req), sameSite: 'lax', path: FLOW_COOKIE_PATH, maxAge: FLOW_TTL_SECONDS * 1000 });
  }

  /** The checks of the browser's sign-in in progress, or null when there is none, or it expired or was tampered with. */
  async read(req: Request): Promise<OidcFlowChecks | null> {
    const token = readCookie(req, FLOW_COOKIE);
    if (token === undefined) return null;
    const header = (this.jwt.decode(token, { complete: true }) as { header?: { kid?: unknown } } | null)?.header;
    const secret = typeof header?.kid === 'string' && header.kid.length <= 64 ? await this.keys.verificationKey(header.kid) : null;
    if (secret === null) return null;
    try {
      const claims = await this.jwt.verifyAsync<Record<string, unknown>>(token, { secret: secret as unknown as Buffer, algorithms: ['HS256'] });
      const { typ, state, nonce, verifier } = claims;
      if (typ !== 'oidc-flow' || typeof state !== 'string' || typeof nonce !== 'string' || typeof verifier !== 'string') return null;
      return { state, nonce, verifier };
    } catch {
      return null;
    }
  }

  /** A flow cookie is good for one callback. */
  clear(req: Request, res: Response): void {
    res.clearCookie(FLOW_COOKIE, { httpOnly: true, secure: this.secure(req), sameSite: 'lax', path: FLOW_COOKIE_PATH });
  }

  private secure(req: Request): boolean {
    return secure(req, this.config.sessions.cookieSecure);
  }
}
