import { randomBytes as cryptoRandomBytes } from 'node:crypto';

/** Randomness as a parameter, so tests can pin it. */
export type RandomBytes = (size: number) => Buffer;

/**
 * `length` characters drawn uniformly from `alphabet`. Bytes at or above the largest multiple
 * of the alphabet size are discarded (rejection sampling), so no character is favoured the
 * way `byte % size` would favour the first ones.
 */
export function randomString(alphabet: string, length: number, random: RandomBytes = cryptoRandomBytes): string {
  const size = alphabet.length;
  if (size < 2 || size > 256) throw new RangeError('alphabet must have 2 to 256 characters');
  const limit = 256 - (256 % size);
  let out = '';
  for (let round = 0; out.length < length; round++) {
    // Real randomness rejects < 1 byte in 4; a source that rejects this often is broken.
    if (round === 1000) throw new Error('randomString: the random source keeps returning unusable bytes');
    for (const byte of random(Math.max(16, (length - out.length) * 2))) {
      if (byte < limit) out += alphabet[byte % size];
      if (out.length === length) break;
    }
  }
  return out;
}
