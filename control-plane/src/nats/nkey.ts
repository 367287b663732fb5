import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/**
 * NATS nkeys with Node's built-in Ed25519. The stock nkeys signer (tweetnacl) takes tens of
 * milliseconds per signature; this one takes microseconds and produces the same bytes, so
 * enrollment and a thousand agent connections stay fast.
 *
 * An nkey is base32 (RFC 4648, no padding) of `prefix ‖ payload ‖ crc16` where the CRC is
 * CCITT/XMODEM, little-endian. Seeds carry two prefix bytes: `S` and the role.
 */
export const NKEY_ROLES = { operator: 14 << 3, account: 0, user: 20 << 3 } as const;
export type NkeyRole = keyof typeof NKEY_ROLES;

const SEED_PREFIX = 18 << 3;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows. */
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex');
/** DER prefix of an SPKI Ed25519 public key; the 32-byte key follows. */
const SPKI_ED25519 = Buffer.from('302a300506032b6570032100', 'hex');

function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

function base32Decode(text: string): Uint8Array {
  const out: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text) {
    const value = BASE32.indexOf(char);
    if (value < 0) throw new Error('not an nkey: invalid base32 character');
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      out.push((buffer >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Uint8Array.from(out);
}

function withChecksum(body: Uint8Array): string {
  const crc = crc16(body);
  return base32Encode(Uint8Array.from([...body, crc & 255, crc >>> 8]));
}

function checked(text: string): Uint8Array {
  const raw = base32Decode(text);
  if (raw.length < 4) throw new Error('not an nkey: too short');
  const body = raw.subarray(0, raw.length - 2);
  const crc = raw[raw.length - 2]! | (raw[raw.length - 1]! << 8);
  if (crc !== crc16(body)) throw new Error('not an nkey: checksum mismatch');
  return body;
}

export function encodePublicKey(role: NkeyRole, key: Uint8Array): string {
  return withChecksum(Uint8Array.from([NKEY_ROLES[role], ...key]));
}

export function encodeSeed(role: NkeyRole, seed: Uint8Array): string {
  const roleByte = NKEY_ROLES[role];
  return withChecksum(Uint8Array.from([SEED_PREFIX | (roleByte >> 5), (roleByte & 31) << 3, ...seed]));
}

/** The role of a public nkey (`O…`, `A…`, `U…`), or null when it is not a valid one. */
export function publicKeyRole(text: string): NkeyRole | null {
  // 1 role byte, 32 key bytes and 2 CRC bytes are exactly 56 base32 characters.
  if (text.length !== 56) return null;
  try {
    const body = checked(text);
    if (body.length !== 33) return null;
    const role = (Object.keys(NKEY_ROLES) as NkeyRole[]).find((name) => NKEY_ROLES[name] === body[0]);
    return role ?? null;
  } catch {
    return null;
  }
}

/** A key pair that signs with Node's Ed25519. Its seed never appears in logs or JSON. */
export class Nkey {
  readonly #seed: string;
  readonly #privateKey: KeyObject;
  private constructor(
    readonly role: NkeyRole,
    readonly publicKey: string,
    seed: string,
    privateKey: KeyObject,
  ) {
    this.#seed = seed;
    this.#privateKey = privateKey;
  }

  static generate(role: NkeyRole): Nkey {
    const { privateKey } = generateKeyPairSync('ed25519');
    const raw = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(PKCS8_ED25519.length);
    return Nkey.fromRawSeed(role, raw);
  }

  /** Reads an `S…` seed; throws when it is malformed or of another role. */
  static fromSeed(seed: string, expectedRole?: NkeyRole): Nkey {
    const body = checked(seed.trim());
    if (body.length !== 34 || (body[0]! & 0xf8) !== SEED_PREFIX) throw new Error('not an nkey seed');
    const roleByte = ((body[0]! & 7) << 5) | (body[1]! >> 3);
    const role = (Object.keys(NKEY_ROLES) as NkeyRole[]).find((name) => NKEY_ROLES[name] === roleByte);
    if (!role) throw new Error('nkey seed of an unsupported role');
    if (expectedRole && role !== expectedRole) throw new Error(`expected a ${expectedRole} seed, got a ${role} seed`);
    return Nkey.fromRawSeed(role, body.subarray(2));
  }

  private static fromRawSeed(role: NkeyRole, raw: Uint8Array): Nkey {
    const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, raw]), format: 'der', type: 'pkcs8' });
    const publicRaw = createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(SPKI_ED25519.length);
    return new Nkey(role, encodePublicKey(role, publicRaw), encodeSeed(role, raw), privateKey);
  }

  /** The `S…` seed, for storing; handle it as a secret. */
  seed(): string {
    return this.#seed;
  }

  sign(data: Uint8Array): Uint8Array {
    return sign(null, data, this.#privateKey);
  }

  toJSON(): { role: NkeyRole; publicKey: string } {
    return { role: this.role, publicKey: this.publicKey };
  }
}

/** Checks an Ed25519 signature against a public nkey. */
export function verifyNkeySignature(publicKey: string, data: Uint8Array, signature: Uint8Array): boolean {
  const body = checked(publicKey);
  const key = createPublicKey({ key: Buffer.concat([SPKI_ED25519, body.subarray(1)]), format: 'der', type: 'spki' });
  return verify(null, data, key, signature);
}
