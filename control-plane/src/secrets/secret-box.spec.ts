import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { DomainError } from '@wom/domain';
import { SecretBox } from './secret-box';

const KEY = Buffer.alloc(32, 0x42);
const PLAINTEXT = 'yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=';
const AAD = 'peer:7f1c:private_key';

function decryptError(action: () => unknown): DomainError {
  try {
    action();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected decryption to fail');
}

/** Flips one bit of the decoded part `index` (1 = nonce, 2 = ciphertext+tag) at byte `at`. */
function flip(sealed: string, index: 1 | 2, at: number): string {
  const parts = sealed.split(':');
  const bytes = Buffer.from(parts[index]!, 'base64');
  const position = at < 0 ? bytes.length + at : at;
  bytes[position] = bytes[position]! ^ 0x01;
  parts[index] = bytes.toString('base64');
  return parts.join(':');
}

describe('SecretBox', () => {
  const box = SecretBox.fromKey(KEY);

  it.each([
    ['a WireGuard key', PLAINTEXT],
    ['an empty string', ''],
    ['Unicode', 'pässwörd 🔑'],
    ['64 KiB', 'x'.repeat(65_536)],
  ])('round-trips %s', (_label, text) => {
    const sealed = box.encrypt(text, AAD);
    expect(sealed).toMatch(/^v1:[A-Za-z0-9+/]{16}:[A-Za-z0-9+/]+={0,2}$/);
    expect(box.decrypt(sealed, AAD)).toBe(text);
  });

  it('round-trips bytes', () => {
    const data = randomBytes(100);
    expect(box.decryptBytes(box.encrypt(data))).toEqual(data);
  });

  it('uses a fresh nonce for every encryption', () => {
    const nonces = new Set<string>();
    const ciphertexts = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const sealed = box.encrypt(PLAINTEXT, AAD);
      nonces.add(sealed.split(':')[1]!);
      ciphertexts.add(sealed);
    }
    expect(nonces.size).toBe(10_000);
    expect(ciphertexts.size).toBe(10_000);
  });

  it.each<[string, (sealed: string) => string]>([
    ['a flipped ciphertext byte', (sealed) => flip(sealed, 2, 0)],
    ['a flipped tag byte', (sealed) => flip(sealed, 2, -1)],
    ['a flipped nonce byte', (sealed) => flip(sealed, 1, 5)],
    ['a truncated value', (sealed) => sealed.slice(0, -8)],
    ['another version', (sealed) => sealed.replace(/^v1:/, 'v2:')],
    ['a missing part', (sealed) => sealed.split(':').slice(0, 2).join(':')],
    ['an extra part', (sealed) => `${sealed}:AAAA`],
    ['non-base64 text', () => 'v1:!!!!:????'],
    ['a short nonce', (sealed) => sealed.replace(/^v1:[^:]+:/, 'v1:AAAA:')],
    ['a ciphertext shorter than a tag', (sealed) => sealed.replace(/:[^:]+$/, ':AAAA')],
    ['plain text', () => PLAINTEXT],
  ])('detects %s', (_label, tamper) => {
    const error = decryptError(() => box.decrypt(tamper(box.encrypt(PLAINTEXT, AAD)), AAD));
    expect(error.code).toBe('SECRETS.DECRYPT_FAILED');
    expect(error.message).not.toContain(PLAINTEXT);
  });

  it('refuses a ciphertext moved to another row or column', () => {
    const sealed = box.encrypt(PLAINTEXT, 'peer:1:private_key');
    expect(decryptError(() => box.decrypt(sealed, 'peer:2:private_key')).code).toBe('SECRETS.DECRYPT_FAILED');
    expect(decryptError(() => box.decrypt(sealed, 'peer:1:mikrotik_password')).code).toBe('SECRETS.DECRYPT_FAILED');
    expect(decryptError(() => box.decrypt(sealed)).code).toBe('SECRETS.DECRYPT_FAILED');
  });

  it('refuses another master key', () => {
    const other = SecretBox.fromKey(Buffer.alloc(32, 0x43));
    const error = decryptError(() => other.decrypt(box.encrypt(PLAINTEXT, AAD), AAD));
    expect(error.code).toBe('SECRETS.DECRYPT_FAILED');
    expect(error.details).toEqual({ reason: 'authentication' });
  });

  it('never puts the plaintext, the ciphertext or the key into errors', () => {
    const sealed = box.encrypt(PLAINTEXT, AAD);
    const error = decryptError(() => box.decrypt(flip(sealed, 2, 3), AAD));
    const everything = `${error.message} ${error.stack} ${JSON.stringify(error)} ${inspect(error)}`;
    for (const secret of [PLAINTEXT, sealed.split(':')[2]!, KEY.toString('base64'), KEY.toString('hex')]) expect(everything).not.toContain(secret);
  });

  it('never shows its key when logged', () => {
    const shown = `${inspect(box, { showHidden: true, depth: 5 })} ${JSON.stringify({ box })}`;
    expect(shown).not.toContain(KEY.toString('hex'));
    expect(shown).not.toContain(KEY.toString('base64'));
  });

  it('does not keep a reference to the caller’s key buffer', () => {
    const key = Buffer.alloc(32, 1);
    const own = SecretBox.fromKey(key);
    const sealed = own.encrypt('x');
    key.fill(0);
    expect(own.decrypt(sealed)).toBe('x');
  });

  it.each([0, 16, 31, 33, 64])('refuses a %i-byte key', (size) => {
    expect(() => SecretBox.fromKey(Buffer.alloc(size))).toThrow(expect.objectContaining({ code: 'SECRETS.INVALID_MASTER_KEY' }));
  });

  it('takes its randomness as a parameter', () => {
    const fixed = SecretBox.fromKey(KEY, { randomBytes: (size) => Buffer.alloc(size, 7) });
    expect(fixed.encrypt('a')).toBe(fixed.encrypt('a'));
    expect(() => SecretBox.fromKey(KEY, { randomBytes: () => Buffer.alloc(4) }).encrypt('a')).toThrow(/expected 12/);
  });

  it('recognises its own format', () => {
    expect(SecretBox.isSealed(box.encrypt('x'))).toBe(true);
    expect(SecretBox.isSealed(PLAINTEXT)).toBe(false);
    expect(SecretBox.isSealed(42)).toBe(false);
  });
});
