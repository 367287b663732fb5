import { hash, parseOptions, verify, type Algorithm, type Options } from '@node-rs/argon2';
import { DomainError } from '@wom/domain';

/**
 * Argon2id with OWASP's recommended minimum (Password Storage Cheat Sheet): 19 MiB of
 * memory, 2 passes, 1 lane, 16-byte random salt, 32-byte output. About 25-40 ms per hash on
 * a server core, which the login rate limit multiplies into a hard ceiling for guessing.
 * Raising any of these later is safe: {@link needsRehash} reports old hashes, and the login
 * flow rehashes on the next successful login.
 */
export const PASSWORD_HASH_PARAMETERS = {
  // A const enum in the typings and `{}` at runtime, so the value is written out: 2 = Argon2id.
  algorithm: 2 as Algorithm,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const satisfies Options;

/**
 * Longer passwords are refused before hashing: argon2 takes any length, and a 10 MB
 * "password" per login attempt would be a cheap way to burn CPU.
 */
export const MAX_PASSWORD_LENGTH = 1024;

/** A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`) to store in the users table. */
export async function hashPassword(password: string, parameters: Options = PASSWORD_HASH_PARAMETERS): Promise<string> {
  if (typeof password !== 'string' || password.length === 0 || password.length > MAX_PASSWORD_LENGTH) {
    throw new DomainError('VALIDATION.INVALID_PASSWORD', `A password must be 1 to ${MAX_PASSWORD_LENGTH} characters long.`, { field: 'password' });
  }
  return hash(password.normalize('NFC'), parameters);
}

/** Computed once, lazily: the hash checked when no user matched (see verifyPassword). */
let dummyHash: Promise<string> | undefined;

/**
 * Whether `password` matches `storedHash`. Never throws on bad input: a malformed hash, an
 * over-long password or a missing user are all just `false`. Pass `null` when no user has
 * the given name: a dummy hash is then checked, so "no such user" takes as long as "wrong
 * password" and response times do not reveal which user names exist.
 *
 * Passwords are NFC-normalised on both sides, so "é" typed as one or two code points matches.
 */
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  const candidate = typeof password === 'string' && password.length <= MAX_PASSWORD_LENGTH ? password.normalize('NFC') : '';
  if (storedHash === null) {
    dummyHash ??= hash('wom-dummy-password-for-timing', PASSWORD_HASH_PARAMETERS);
    await verify(await dummyHash, candidate).catch(() => false);
    return false;
  }
  if (candidate === '') return false;
  try {
    return await verify(storedHash, candidate);
  } catch {
    return false;
  }
}

/**
 * True when a stored hash was made with other parameters than `current` (another algorithm,
 * version or cost), or cannot be read: rehash it after the next successful login.
 */
export function needsRehash(storedHash: string, current: Options = PASSWORD_HASH_PARAMETERS): boolean {
  try {
    const used = parseOptions(storedHash);
    return (
      used.algorithm !== (current.algorithm ?? PASSWORD_HASH_PARAMETERS.algorithm) ||
      used.version !== 1 || // 1 = Version.V0x13, the current Argon2 version
      used.memoryCost !== current.memoryCost ||
      used.timeCost !== current.timeCost ||
      used.parallelism !== current.parallelism ||
      used.outputLen !== (current.outputLen ?? PASSWORD_HASH_PARAMETERS.outputLen)
    );
  } catch {
    return true;
  }
}
