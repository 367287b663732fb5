import { createCipheriv, createDecipheriv, createSecretKey, randomBytes as cryptoRandomBytes, type KeyObject } from 'node:crypto';
import { DomainError } from '@wom/domain';

export type RandomBytes = (size: number) => Buffer;

export const SECRET_BOX_VERSION = 'v1';
/** AES-256-GCM. A 96-bit nonce is GCM's native size; a random one is safe for < 2^32 encryptions per key. */
const ALGORITHM = 'aes-256-gcm';
export const MASTER_KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Prefixed to every associated data, so a v1 ciphertext can never verify under a later format. */
const AAD_DOMAIN = 'wom-secretbox-v1\u0000';
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Encrypts secrets at rest (WireGuard private keys, router passwords, API tokens; spec §10.1)
 * with AES-256-GCM and a fresh random 96-bit nonce each time. Output is one self-describing
 * string, `v1:<base64 nonce>:<base64 ciphertext+tag>`, that fits a text column.
 *
 * Pass associated data naming where the ciphertext lives (`peer:<id>:private_key`): it is
 * authenticated but not stored, so a ciphertext copied into another row or column fails to
 * decrypt instead of handing out someone else's secret.
 *
 * Every failure (tampering, wrong key, wrong associated data, malformed input) throws a
 * DomainError `SECRETS.DECRYPT_FAILED` that says which and never includes the ciphertext,
 * the plaintext or the key. The key is held as a KeyObject in a private field, so it shows
 * in neither `console.log` nor `JSON.stringify`.
 *
 * @example const box = SecretBox.fromKey(key); box.decrypt(box.encrypt('s3cret', 'peer:1:private_key'), 'peer:1:private_key')
 */
export class SecretBox {
  readonly #key: KeyObject;
  readonly #randomBytes: RandomBytes;

  private constructor(key: KeyObject, random: RandomBytes) {
    this.#key = key;
    this.#randomBytes = random;
  }

  /** A box for a 32-byte master key (see loadMasterKey). The bytes are copied. */
  static fromKey(key: Uint8Array, options: { randomBytes?: RandomBytes } = {}): SecretBox {
    if (key.length !== MASTER_KEY_BYTES) {
      throw new DomainError('SECRETS.INVALID_MASTER_KEY', `The master key must be ${MASTER_KEY_BYTES} bytes; got ${key.length}.`);
    }
    return new SecretBox(createSecretKey(Buffer.from(key)), options.randomBytes ?? cryptoRandomBytes);
  }

  /** True when `value` has the shape of a SecretBox ciphertext (not whether it decrypts). */
  static isSealed(value: unknown): value is string {
    return typeof value === 'string' && parse(value) !== null;
  }

  encrypt(plaintext: string | Uint8Array, associatedData = ''): string {
    const nonce = this.#randomBytes(NONCE_BYTES);
    if (nonce.length !== NONCE_BYTES) throw new Error(`randomBytes returned ${nonce.length} bytes, expected ${NONCE_BYTES}`);
    const cipher = createCipheriv(ALGORITHM, this.#key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(aadBytes(associatedData));
    const data = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
    const sealed = Buffer.concat([cipher.update(data), cipher.final(), cipher.getAuthTag()]);
    return `${SECRET_BOX_VERSION}:${nonce.toString('base64')}:${sealed.toString('base64')}`;
  }

  /** The plaintext as UTF-8 text. */
  decrypt(ciphertext: string, associatedData = ''): string {
    return this.decryptBytes(ciphertext, associatedData).toString('utf8');
  }

  decryptBytes(ciphertext: string, associatedData = ''): Buffer {
    const parts = parse(ciphertext);
    if (parts === null) throw decryptFailed('the value is not a v1 SecretBox ciphertext (expected "v1:<nonce>:<ciphertext>")', 'malformed');
    const decipher = createDecipheriv(ALGORITHM, this.#key, parts.nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(aadBytes(associatedData));
    decipher.setAuthTag(parts.sealed.subarray(parts.sealed.length - TAG_BYTES));
    try {
      return Buffer.concat([decipher.update(parts.sealed.subarray(0, parts.sealed.length - TAG_BYTES)), decipher.final()]);
    } catch {
      // GCM cannot tell these apart, and saying which would help an attacker anyway.
      throw decryptFailed('authentication failed: the wrong master key, the wrong row or column, or a modified value', 'authentication');
    }
  }

  /** Keeps the key out of logs even when someone logs the box itself. */
  toJSON(): string {
    return 'SecretBox';
  }
}

function aadBytes(associatedData: string): Buffer {
  return Buffer.from(AAD_DOMAIN + associatedData, 'utf8');
}

function parse(value: string): { nonce: Buffer; sealed: Buffer } | null {
  const parts = value.split(':');
  if (parts.length !== 3 || parts[0] !== SECRET_BOX_VERSION) return null;
  const [, nonceText = '', sealedText = ''] = parts;
  if (!BASE64.test(nonceText) || !BASE64.test(sealedText)) return null;
  const nonce = Buffer.from(nonceText, 'base64');
  const sealed = Buffer.from(sealedText, 'base64');
  // Canonical base64 only: a re-encoding mismatch means stray or changed padding bits.
  if (nonce.toString('base64') !== nonceText || sealed.toString('base64') !== sealedText) return null;
  if (nonce.length !== NONCE_BYTES || sealed.length < TAG_BYTES) return null;
  return { nonce, sealed };
}

function decryptFailed(why: string, reason: 'malformed' | 'authentication'): DomainError {
  return new DomainError('SECRETS.DECRYPT_FAILED', `Could not decrypt a stored secret: ${why}.`, { reason });
}
