import { x25519 } from '@noble/curves/ed25519.js';
import { base64 } from '@scure/base';
import { DomainError } from '../errors';
import { printable } from '../net/ipv4';

/** A WireGuard key pair, both halves in the base64 form `wg` prints. */
export interface WireGuardKeyPair {
  readonly privateKey: string;
  readonly publicKey: string;
}

/** Supplies cryptographically secure random bytes; a parameter so tests can be deterministic. */
export type RandomBytes = (length: number) => Uint8Array;

const KEY_BYTES = 32;
const KEY_PATTERN = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

/**
 * Decodes a base64 WireGuard key. Accepts exactly what `wg` accepts: 44 characters that
 * decode to 32 bytes, with the unused low bits of the last character clear (so every key
 * has exactly one spelling and two spellings never compare unequal).
 */
export function decodeWireGuardKey(text: unknown, field = 'key'): Uint8Array {
  if (typeof text !== 'string' || !KEY_PATTERN.test(text)) {
    throw new DomainError(
      'VALIDATION.INVALID_KEY',
      `${field} "${printable(text)}" is not a WireGuard key: expected 44 base64 characters encoding 32 bytes, as printed by "wg genkey".`,
      { field },
    );
  }
  return base64.decode(text);
}

export function isWireGuardKey(text: unknown): text is string {
  return typeof text === 'string' && KEY_PATTERN.test(text);
}

export function encodeWireGuardKey(bytes: Uint8Array): string {
  if (bytes.length !== KEY_BYTES) throw new RangeError(`a WireGuard key has ${KEY_BYTES} bytes, got ${bytes.length}`);
  return base64.encode(bytes);
}

/**
 * Clamps a Curve25519 scalar the way `wg genkey` does, so a key we generate is
 * byte-identical to what the WireGuard tools would store for it.
 */
function clampScalar(bytes: Uint8Array): Uint8Array {
  const clamped = Uint8Array.from(bytes);
  clamped[0] = clamped[0]! & 248;
  clamped[31] = (clamped[31]! & 127) | 64;
  return clamped;
}

/** Derives the public key of a base64 private key, exactly as `wg pubkey` does. */
export function derivePublicKey(privateKey: string, field = 'privateKey'): string {
  return encodeWireGuardKey(x25519.getPublicKey(decodeWireGuardKey(privateKey, field)));
}

/**
 * Makes a new key pair. Pass `random` only in tests; production uses the platform's
 * secure generator through @noble/curves. Prefer making keys where they are used:
 * agents and routers generate their own, and only config-file peers get ours.
 */
export function generateKeyPair(random?: RandomBytes): WireGuardKeyPair {
  const secret = random ? random(KEY_BYTES) : x25519.utils.randomSecretKey();
  const privateKey = encodeWireGuardKey(clampScalar(secret));
  return { privateKey, publicKey: derivePublicKey(privateKey) };
}
