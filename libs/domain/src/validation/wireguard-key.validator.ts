import { isWireGuardKey } from '../keys';
import { describeChar, firstCharOutside, invalid, requireString } from './validation.util';

const KEY_LENGTH = 44;
const BASE64_CHAR = /^[A-Za-z0-9+/]$/;
/** 32 zero bytes: a low-order point, so every handshake with it would use an all-zero secret. */
const ZERO_KEY = `${'A'.repeat(43)}=`;

/**
 * A WireGuard public key as `wg` prints it: 44 base64 characters ending in `=`, encoding
 * exactly 32 bytes. Acceptance is `isWireGuardKey` from the keys module, so both agree on
 * what a key is; this adds the all-zero key, which WireGuard refuses to handshake with, and
 * messages that say precisely what is wrong (length, alphabet, padding or stray bits).
 */
export function validateWireGuardKey(value: unknown, field: string): string {
  const fail = (why: string) =>
    invalid('VALIDATION.INVALID_KEY', field, `${field} ${why}; a WireGuard key is 44 base64 characters ending in "=", as printed by "wg pubkey".`);
  if (isWireGuardKey(value)) {
    if (value === ZERO_KEY) throw fail('is the all-zero key, which WireGuard refuses');
    return value;
  }
  // Not a key: find the first thing wrong, so the message can say exactly what to fix.
  const text = requireString(value, field, 'VALIDATION.INVALID_KEY', 'a WireGuard key (44 base64 characters, as printed by "wg pubkey")');
  if (text.length !== KEY_LENGTH) throw fail(`is ${text.length} characters long`);
  const bad = firstCharOutside(text.slice(0, KEY_LENGTH - 1), BASE64_CHAR);
  if (bad !== null) throw fail(`contains ${describeChar(bad)}, which is not base64`);
  if (!text.endsWith('=')) throw fail('does not end in "="');
  // Right length, alphabet and padding: the 43rd character carries bits beyond the 32 bytes.
  throw fail('does not decode to exactly 32 bytes');
}
