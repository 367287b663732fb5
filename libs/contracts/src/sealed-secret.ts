/**
 * Secrets sealed to one site agent for one job run: the router password inside a
 * `JobDispatch` travels as a sealed box that only the receiving agent opens, so neither the
 * NATS server, nor a tap on a connection, nor another agent reads it.
 *
 * The construction (version 1), for a recipient X25519 public key `R` and a context naming
 * the agent and the run:
 *
 *   e, E    = a fresh X25519 key pair for every seal
 *   shared  = X25519(e, R)                                 (all zeros: refused)
 *   context = "wom sealed-secret v1" 0x00 len(agentId) agentId len(runId) runId
 *   key|iv  = HKDF-SHA-256(ikm = shared, salt = E || R, info = context), 32 + 12 bytes
 *   sealed  = 0x01 || E || AES-256-GCM(key, iv, secret, aad = context)   (ciphertext, 16-byte tag)
 *
 * The context goes into both the key derivation and the associated data, so a secret sealed
 * for one agent or run does not open for another: it cannot be replayed into another
 * agent's or another run's dispatch. Every seal has its own ephemeral key, hence its own key
 * and IV. The agent's sealing key is its own, made on its box at enrollment, and serves
 * nothing else (not the WireGuard key: one key per purpose).
 */

import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base64, base64urlnopad } from '@scure/base';

/** An X25519 key as a JWK (RFC 8037): the form Node's crypto imports without a Buffer. A type, not an interface, so it fits Node's indexed `JsonWebKey`. */
type X25519Jwk = { readonly kty: 'OKP'; readonly crv: 'X25519'; readonly x: string; readonly d?: string };

/** A key handle of Node's crypto module (`KeyObject`), as far as sealing uses it. */
export interface SealingKeyHandle {
  export(options: { format: 'jwk' }): { x?: string; d?: string };
}

interface AeadCipher {
  setAAD(data: Uint8Array): unknown;
  update(data: Uint8Array): Uint8Array;
  final(): Uint8Array;
  getAuthTag(): Uint8Array;
}

interface AeadDecipher {
  setAAD(data: Uint8Array): unknown;
  setAuthTag(tag: Uint8Array): unknown;
  update(data: Uint8Array): Uint8Array;
  final(): Uint8Array;
}

/**
 * The functions of Node's `crypto` module sealing runs on; callers pass the module itself
 * (`import * as crypto from 'node:crypto'`). Passed in rather than imported because this
 * library stays free of node:* modules (the console bundles it), while X25519 and AES-GCM in
 * pure JavaScript would cost milliseconds per dispatch where OpenSSL takes microseconds.
 */
export interface SealingCrypto {
  generateKeyPairSync(type: 'x25519'): { publicKey: SealingKeyHandle; privateKey: SealingKeyHandle };
  createPublicKey(key: { key: X25519Jwk; format: 'jwk' }): SealingKeyHandle;
  createPrivateKey(key: { key: X25519Jwk; format: 'jwk' }): SealingKeyHandle;
  diffieHellman(options: { privateKey: SealingKeyHandle; publicKey: SealingKeyHandle }): Uint8Array;
  createCipheriv(algorithm: 'aes-256-gcm', key: Uint8Array, iv: Uint8Array): AeadCipher;
  createDecipheriv(algorithm: 'aes-256-gcm', key: Uint8Array, iv: Uint8Array): AeadDecipher;
}

/** Who a secret is sealed for: only this agent, for only this run, opens it. */
export interface SealingContext {
  readonly agentId: string;
  readonly runId: string;
}

export const SEALED_SECRET_ERROR_CODES = {
  /** Not a sealed secret of a version this side reads (truncated, empty, unknown version). */
  malformed: 'SEALED_SECRET.MALFORMED',
  /** It is one, but not for this key, agent and run, or it was altered. */
  notOpened: 'SEALED_SECRET.NOT_OPENED',
  /** A sealing key that is not 32 base64-encoded bytes, or a degenerate one. */
  invalidKey: 'SEALED_SECRET.INVALID_KEY',
} as const;

export type SealedSecretErrorCode = (typeof SEALED_SECRET_ERROR_CODES)[keyof typeof SEALED_SECRET_ERROR_CODES];

/** A secret that was not sealed or does not open; its message never holds the secret. */
export class SealedSecretError extends Error {
  constructor(
    readonly code: SealedSecretErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SealedSecretError';
  }
}

/** An X25519 key pair as base64 raw 32-byte halves; the private half stays on the agent's box. */
export interface SealingKeyPair {
  readonly publicKey: string;
  readonly privateKey: string;
}

const VERSION = 1;
const KEY_BYTES = 32;
const TAG_BYTES = 16;
const LABEL = 'wom sealed-secret v1';
/** The shortest sealed secret: version, ephemeral key and tag around an empty secret. */
export const SEALED_SECRET_MIN_BYTES = 1 + KEY_BYTES + TAG_BYTES;
/** A sealing public key: 32 bytes in base64, 44 characters, as WireGuard prints keys. */
export const SEALING_PUBLIC_KEY_PATTERN = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

/** Whether `text` has the form of a sealing public key: 32 bytes in base64, as WireGuard prints keys. */
export function isSealingPublicKey(text: unknown): text is string {
  return typeof text === 'string' && SEALING_PUBLIC_KEY_PATTERN.test(text);
}

/** A new sealing key pair, made where its private half will live (the agent's box). */
export function generateSealingKeyPair(crypto: SealingCrypto): SealingKeyPair {
  const { x, d } = crypto.generateKeyPairSync('x25519').privateKey.export({ format: 'jwk' });
  return { publicKey: base64.encode(base64urlnopad.decode(x ?? '')), privateKey: base64.encode(base64urlnopad.decode(d ?? '')) };
}

/**
 * Seals `secret` to the agent whose sealing public key is `recipientPublicKey`, for the run
 * in `context`. Returns the bytes that go into the dispatch.
 */
export function sealSecret(crypto: SealingCrypto, recipientPublicKey: string, context: SealingContext, secret: string): Uint8Array {
  const recipient = decodeKey(recipientPublicKey, 'the recipient sealing public key');
  const ephemeral = crypto.generateKeyPairSync('x25519');
  const ephemeralPublic = rawPublic(ephemeral.publicKey);
  // A low-order recipient key gives a secret an observer could compute too: OpenSSL refuses it.
  const shared = agree(crypto, ephemeral.privateKey, recipient);
  if (shared === null) throw new SealedSecretError(SEALED_SECRET_ERROR_CODES.invalidKey, 'The sealing public key is degenerate (a low-order point); the agent must enroll again.');
  const info = contextBytes(context);
  const { key, iv } = deriveKey(shared, ephemeralPublic, recipient, info);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(info);
  const body = concat(cipher.update(new TextEncoder().encode(secret)), cipher.final(), cipher.getAuthTag());
  return concat(Uint8Array.of(VERSION), ephemeralPublic, body);
}

/**
 * Opens a sealed secret with the agent's own sealing key pair, for the agent and run in
 * `context`. Throws a {@link SealedSecretError} (never naming the secret) when it is not one,
 * or was sealed to another key, agent or run, or was altered on the way.
 */
export function openSealedSecret(crypto: SealingCrypto, own: SealingKeyPair, context: SealingContext, sealed: Uint8Array): string {
  if (sealed.length < SEALED_SECRET_MIN_BYTES) {
    throw new SealedSecretError(SEALED_SECRET_ERROR_CODES.malformed, `The sealed secret is truncated: ${sealed.length} bytes, at least ${SEALED_SECRET_MIN_BYTES} expected.`);
  }
  if (sealed[0] !== VERSION) {
    throw new SealedSecretError(SEALED_SECRET_ERROR_CODES.malformed, `The sealed secret has format version ${sealed[0]}, and this side reads version ${VERSION} only: upgrade it.`);
  }
  const ownPublic = decodeKey(own.publicKey, 'the sealing public key');
  const ownPrivate = crypto.createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', x: base64urlnopad.encode(ownPublic), d: base64urlnopad.encode(decodeKey(own.privateKey, 'the sealing private key')) }, format: 'jwk' });
  const ephemeralPublic = sealed.subarray(1, 1 + KEY_BYTES);
  const body = sealed.subarray(1 + KEY_BYTES);
  const info = contextBytes(context);
  const notOpened = new SealedSecretError(
    SEALED_SECRET_ERROR_CODES.notOpened,
    `The sealed secret does not open for agent ${context.agentId}, run ${context.runId}: it was sealed to another agent's key or for another run, or altered on the way.`,
  );
  const shared = agree(crypto, ownPrivate, ephemeralPublic);
  if (shared === null) throw notOpened;
  const { key, iv } = deriveKey(shared, ephemeralPublic, ownPublic, info);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(info);
  decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(concat(decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()));
  } catch {
    throw notOpened;
  }
}

/** X25519 of a private key and a raw public key; null for a degenerate (all-zero) result. */
function agree(crypto: SealingCrypto, privateKey: SealingKeyHandle, publicRaw: Uint8Array): Uint8Array | null {
  try {
    const shared = crypto.diffieHellman({ privateKey, publicKey: publicKeyHandle(crypto, publicRaw) });
    return shared.every((byte) => byte === 0) ? null : shared;
  } catch {
    return null;
  }
}

function deriveKey(shared: Uint8Array, ephemeralPublic: Uint8Array, recipientPublic: Uint8Array, info: Uint8Array): { key: Uint8Array; iv: Uint8Array } {
  const okm = hkdf(sha256, shared, concat(ephemeralPublic, recipientPublic), info, KEY_BYTES + 12);
  return { key: okm.subarray(0, KEY_BYTES), iv: okm.subarray(KEY_BYTES) };
}

/** The label, then the agent id and the run id, each behind its length, so no two contexts share bytes. */
function contextBytes({ agentId, runId }: SealingContext): Uint8Array {
  const encoder = new TextEncoder();
  const [agent, run] = [encoder.encode(agentId), encoder.encode(runId)];
  if (agent.length === 0 || agent.length > 255 || run.length === 0 || run.length > 255) {
    throw new SealedSecretError(SEALED_SECRET_ERROR_CODES.malformed, 'A sealed secret needs an agent id and a run id of 1 to 255 bytes.');
  }
  return concat(encoder.encode(LABEL), Uint8Array.of(0, agent.length), agent, Uint8Array.of(run.length), run);
}

/** A base64 X25519 key, public or private (both are 32 bytes); the error never echoes it. */
function decodeKey(text: string, what: string): Uint8Array {
  if (!isSealingPublicKey(text)) throw new SealedSecretError(SEALED_SECRET_ERROR_CODES.invalidKey, `${what} is not an X25519 key: expected 44 base64 characters encoding 32 bytes.`);
  return base64.decode(text);
}

function publicKeyHandle(crypto: SealingCrypto, raw: Uint8Array): SealingKeyHandle {
  return crypto.createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: base64urlnopad.encode(raw) }, format: 'jwk' });
}

function rawPublic(key: SealingKeyHandle): Uint8Array {
  return base64urlnopad.decode(key.export({ format: 'jwk' }).x ?? '');
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
