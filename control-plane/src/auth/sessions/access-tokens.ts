import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { SigningKeyRing } from './signing-key-ring';

/** What an access token says once its signature, key and lifetime have been checked. */
export interface AccessTokenClaims {
  readonly sub: string;
  readonly sid: string;
  readonly typ: 'access';
  readonly iat: number;
  readonly exp: number;
}

/**
 * Short-lived HS256 access tokens: `{sub, sid, typ, iat, exp}` with the signing key's id as
 * `kid` in the header. A token is accepted only with all of these: no `exp` means refused,
 * not "valid forever" (jsonwebtoken alone would accept it).
 */
@Injectable()
export class AccessTokens {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JwtService) private readonly jwt: JwtService,
    @Inject(SigningKeyRing) private readonly keys: SigningKeyRing,
  ) {}

  async issue(userId: string, sessionId: string): Promise<{ token: string; expiresIn: number }> {
    const key = await this.keys.signingKey();
    const token = await this.jwt.signAsync({ sub: userId, sid: sessionId, typ: 'access' }, { privateKey: key.secret, keyid: key.kid, algorithm: 'HS256', expiresIn: this.config.jwtTtlSeconds });
    return { token, expiresIn: this.config.jwtTtlSeconds };
  }

  /** The claims of a valid token, or null for anything else. */
  async verify(token: string): Promise<AccessTokenClaims | null> {
    const decoded: unknown = this.jwt.decode(token, { complete: true });
    if (!isRecord(decoded) || !isRecord(decoded['header'])) return null;
    const { alg, kid } = decoded['header'];
    if (alg !== 'HS256' || typeof kid !== 'string' || kid.length > 64) return null;
    const secret = await this.keys.verificationKey(kid);
    if (secret === null) return null;
    let claims: Record<string, unknown>;
    try {
      // @nestjs/jwt types `secret` as string | Buffer but hands it to jsonwebtoken as is, which takes a KeyObject.
      claims = await this.jwt.verifyAsync<Record<string, unknown>>(token, { secret: secret as unknown as Buffer, algorithms: ['HS256'] });
    } catch {
      return null;
    }
    const { sub, sid, typ, iat, exp } = claims;
    if (typ !== 'access' || typeof sub !== 'string' || typeof sid !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') return null;
    // jsonwebtoken has already refused an exp in the past; this also refuses one set further
    // out than this server ever issues.
    if (exp - iat > this.config.jwtTtlSeconds) return null;
    return { sub, sid, typ, iat, exp };
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
