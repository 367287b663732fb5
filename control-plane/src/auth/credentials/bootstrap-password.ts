import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { randomString, type RandomBytes } from './random-string.util';

/** Letters and digits nobody misreads: no 0/O/o, 1/l/I. 56 symbols, ≈ 5.8 bits each. */
export const BOOTSTRAP_PASSWORD_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
export const BOOTSTRAP_PASSWORD_LENGTH = 24;

/**
 * The first admin's one-time password, printed once at first start (≈ 139 bits). The
 * alphabet avoids look-alike characters because someone types it from a terminal.
 */
export function generateBootstrapPassword(random: RandomBytes = cryptoRandomBytes): string {
  return randomString(BOOTSTRAP_PASSWORD_ALPHABET, BOOTSTRAP_PASSWORD_LENGTH, random);
}
