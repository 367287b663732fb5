import { createHash, randomBytes as cryptoRandomBytes, timingSafeEqual } from 'node:crypto';
import { randomString, type RandomBytes } from './random-string.util';

export const API_KEY_PREFIX = 'wom';
/** Public lookup id: 16 base62 characters (~95 bits), unique without a database round trip. */
export const API_KEY_ID_LENGTH = 16;
/** Secret: 43 base62 characters, log2(62) × 43 ≈ 256 bits. */
export const API_KEY_SECRET_LENGTH = 43;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
/** Base62 on both sides, so `_` can only be a separator and the split is unambiguous. */
const TOKEN = new RegExp(`^${API_KEY_PREFIX}_([0-9A-Za-z]{${API_KEY_ID_LENGTH}})_([0-9A-Za-z]{${API_KEY_SECRET_LENGTH}})$`);
const TOKEN_LENGTH = API_KEY_PREFIX.length + 2 + API_KEY_ID_LENGTH + API_KEY_SECRET_LENGTH;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface GeneratedApiKey {
  /** Stored in clear; finds the key row. */
  readonly id: string;
  /** Never stored: only {@link hashApiKeySecret} of it is. */
  readonly secret: string;
  /** The whole token, shown to the user exactly once: `wom_<id>_<secret>`. */
  readonly token: string;
  /** Safe to show in lists and logs later: `wom_<id>_…`. */
  readonly display: string;
}

/**
 * A new API key. The prefix makes leaked keys easy to spot for secret scanners and for
 * {@link redactSecrets}; the id lets the server find the row without scanning hashes.
 */
export function generateApiKey(random: RandomBytes = cryptoRandomBytes): GeneratedApiKey {
  const id = randomString(BASE62, API_KEY_ID_LENGTH, random);
  const secret = randomString(BASE62, API_KEY_SECRET_LENGTH, random);
  return { id, secret, token: `${API_KEY_PREFIX}_${id}_${secret}`, display: apiKeyDisplay(id) };
}

export function apiKeyDisplay(id: string): string {
  return `${API_KEY_PREFIX}_${id}_…`;
}

/**
 * Splits a presented token into id and secret, or null when it is not exactly
 * `wom_<16 base62>_<43 base62>`: no whitespace, no other prefix, no extra parts. The caller
 * answers 401 without saying which part was wrong.
 */
export function parseApiKey(token: unknown): { id: string; secret: string } | null {
  if (typeof token !== 'string' || token.length !== TOKEN_LENGTH) return null;
  const match = TOKEN.exec(token);
  return match === null ? null : { id: match[1]!, secret: match[2]! };
}

/**
 * What the database stores: SHA-256 of the secret, as hex. A fast hash is right here, unlike
 * for passwords: the secret is 256 random bits, so there is nothing to guess offline, and
 * every API request can check it without argon2's cost.
 */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Whether `secret` matches a stored {@link hashApiKeySecret}, compared in constant time. */
export function verifyApiKeySecret(secret: string, storedHash: string): boolean {
  if (typeof secret !== 'string' || typeof storedHash !== 'string' || !SHA256_HEX.test(storedHash)) return false;
  return timingSafeEqual(Buffer.from(hashApiKeySecret(secret), 'hex'), Buffer.from(storedHash, 'hex'));
}
