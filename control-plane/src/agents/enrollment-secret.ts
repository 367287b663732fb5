import { createHash, randomBytes } from 'node:crypto';

const SECRET_PREFIX = 'wom_et_';
/** Enough of the secret to tell tokens apart in a list; 4 random characters reveal ~24 bits of 256. */
const SHOWN_PREFIX_LENGTH = SECRET_PREFIX.length + 4;

export interface EnrollmentSecret {
  readonly secret: string;
  readonly hash: string;
  readonly prefix: string;
}

/** 256 random bits; a plain SHA-256 suffices for storage because the secret is not guessable. */
export function newEnrollmentSecret(): EnrollmentSecret {
  const secret = `${SECRET_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, hash: hashEnrollmentSecret(secret), prefix: secret.slice(0, SHOWN_PREFIX_LENGTH) };
}

export function hashEnrollmentSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
