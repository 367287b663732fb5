import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const SECRET_BYTES = 32;
const TOKEN = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.([A-Za-z0-9_-]{43})$/;

/**
 * A refresh token: `<session id>.<43 base64url characters>` (256 random bits). The session id
 * finds the row; only the SHA-256 of the secret is stored, which is enough for a value nobody
 * can guess (the same reasoning as API keys).
 *
 * @example const t = newRefreshToken('7c9e6679-7425-40de-944b-e07fc1f90ae7'); parseRefreshToken(t.token)?.sessionId
 */
export function newRefreshToken(sessionId: string): { token: string; hash: string } {
  const secret = randomBytes(SECRET_BYTES).toString('base64url');
  return { token: `${sessionId}.${secret}`, hash: hashRefreshSecret(secret) };
}

export function parseRefreshToken(token: unknown): { sessionId: string; secretHash: string } | null {
  if (typeof token !== 'string') return null;
  const match = TOKEN.exec(token);
  return match === null ? null : { sessionId: match[1]!, secretHash: hashRefreshSecret(match[2]!) };
}

export function hashRefreshSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of two SHA-256 hex strings. */
export function sameHash(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
