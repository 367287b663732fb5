import { randomBytes } from 'node:crypto';
import { apiKeyDisplay, generateApiKey, hashApiKeySecret, parseApiKey, verifyApiKeySecret } from './api-key';
import { BOOTSTRAP_PASSWORD_ALPHABET, generateBootstrapPassword } from './bootstrap-password';
import { hashPassword, MAX_PASSWORD_LENGTH, needsRehash, PASSWORD_HASH_PARAMETERS, verifyPassword } from './password-hasher';
import { randomString } from './random-string.util';

describe('passwords', () => {
  it('hashes with argon2id and the documented parameters, and verifies', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    await expect(verifyPassword(stored, 'correct horse battery staple')).resolves.toBe(true);
    await expect(verifyPassword(stored, 'correct horse battery stapler')).resolves.toBe(false);
    expect(needsRehash(stored)).toBe(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('matches a password typed with composed or decomposed accents', async () => {
    await expect(verifyPassword(await hashPassword('caf\u00e9'), 'cafe\u0301')).resolves.toBe(true);
  });

  it.each([
    ['an empty password', ''],
    ['an over-long password', 'x'.repeat(MAX_PASSWORD_LENGTH + 1)],
    ['no string', 42 as unknown as string],
  ])('refuses to hash %s', async (_label, password) => {
    await expect(hashPassword(password)).rejects.toMatchObject({ code: 'VALIDATION.INVALID_PASSWORD', details: { field: 'password' } });
  });

  it.each([
    ['a malformed hash', 'not-a-hash', 'pw'],
    ['a bcrypt hash', '$2b$12$abcdefghijklmnopqrstuuQ3c5cB1kB7wpD3kNq3Z2yq1ePqkG5fW', 'pw'],
    ['an empty password', '', ''],
    ['an over-long password', '', 'x'.repeat(MAX_PASSWORD_LENGTH + 1)],
  ])('answers false, never throws, for %s', async (_label, stored, password) => {
    const hashOrReal = stored === '' ? await hashPassword('x'.repeat(10)) : stored;
    await expect(verifyPassword(hashOrReal, password)).resolves.toBe(false);
  });

  it('spends the same work when the user does not exist', async () => {
    await expect(verifyPassword(null, 'anything')).resolves.toBe(false);
    const started = process.hrtime.bigint();
    await verifyPassword(null, 'anything');
    // Argon2 at 19 MiB cannot finish in under a millisecond: the dummy hash was really checked.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeGreaterThan(1);
  });

  it.each<[string, Record<string, number>]>([
    ['a lower memory cost', { memoryCost: 4096 }],
    ['fewer passes', { timeCost: 1 }],
    ['more lanes', { parallelism: 2 }],
  ])('asks for a rehash of a hash made with %s', async (_label, change) => {
    const old = await hashPassword('pw', { ...PASSWORD_HASH_PARAMETERS, ...change });
    expect(needsRehash(old)).toBe(true);
    await expect(verifyPassword(old, 'pw')).resolves.toBe(true);
  });

  it('asks for a rehash of argon2i and of unreadable hashes', async () => {
    expect(needsRehash(await hashPassword('pw', { ...PASSWORD_HASH_PARAMETERS, algorithm: 1 as typeof PASSWORD_HASH_PARAMETERS.algorithm }))).toBe(true);
    expect(needsRehash('garbage')).toBe(true);
  });
});

describe('API keys', () => {
  it('generates wom_<16 base62>_<43 base62> tokens that parse back', () => {
    const key = generateApiKey();
    expect(key.token).toMatch(/^wom_[0-9A-Za-z]{16}_[0-9A-Za-z]{43}$/);
    expect(key.token).toBe(`wom_${key.id}_${key.secret}`);
    expect(parseApiKey(key.token)).toEqual({ id: key.id, secret: key.secret });
    expect(key.display).toBe(`wom_${key.id}_…`);
    expect(key.display).not.toContain(key.secret);
    expect(apiKeyDisplay('x')).toBe('wom_x_…');
  });

  it('never repeats ids or secrets', () => {
    const keys = Array.from({ length: 2000 }, () => generateApiKey());
    expect(new Set(keys.map((k) => k.id)).size).toBe(2000);
    expect(new Set(keys.map((k) => k.secret)).size).toBe(2000);
  });

  it('stores SHA-256 hex of the secret and verifies it', () => {
    const key = generateApiKey();
    const stored = hashApiKeySecret(key.secret);
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain(key.secret);
    expect(hashApiKeySecret('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(verifyApiKeySecret(key.secret, stored)).toBe(true);
    expect(verifyApiKeySecret(`${key.secret.slice(0, -1)}x`, stored)).toBe(false);
    expect(verifyApiKeySecret(key.secret, stored.toUpperCase())).toBe(false);
    expect(verifyApiKeySecret(key.secret, 'short')).toBe(false);
    expect(verifyApiKeySecret(key.secret, null as unknown as string)).toBe(false);
  });

  it.each([
    ['another prefix', (t: string) => t.replace(/^wom_/, 'wog_')],
    ['upper-case prefix', (t: string) => t.replace(/^wom_/, 'WOM_')],
    ['a leading space', (t: string) => ` ${t}`],
    ['a trailing newline', (t: string) => `${t}\n`],
    ['a Bearer prefix', (t: string) => `Bearer ${t}`],
    ['a short secret', (t: string) => t.slice(0, -1)],
    ['a long secret', (t: string) => `${t}a`],
    ['a base64url character', (t: string) => `${t.slice(0, -1)}-`],
    ['an underscore moved into the id', (t: string) => t.replace(/^(wom_.{15})./, '$1_')],
    ['a fullwidth digit', (t: string) => `${t.slice(0, -1)}１`],
    ['an empty string', () => ''],
  ])('refuses a token with %s', (_label, change) => {
    expect(parseApiKey(change(generateApiKey().token))).toBeNull();
  });

  it.each([null, undefined, 42, {}, ['wom_']])('refuses %p', (value) => {
    expect(parseApiKey(value)).toBeNull();
  });

  it('takes its randomness as a parameter', () => {
    let counter = 0;
    const fixed = (size: number) => Buffer.from(Array.from({ length: size }, () => counter++ % 62));
    expect(generateApiKey(fixed).id).toBe('0123456789ABCDEF');
  });
});

describe('bootstrap password', () => {
  it('is 24 characters of the unambiguous alphabet', () => {
    const password = generateBootstrapPassword();
    expect(password).toHaveLength(24);
    expect(password).toMatch(/^[A-HJ-NP-Za-km-z2-9]{24}$/);
    expect(password).not.toMatch(/[0O1lIo]/);
  });

  it('differs every time', () => {
    expect(new Set(Array.from({ length: 1000 }, () => generateBootstrapPassword())).size).toBe(1000);
  });
});

describe('randomString', () => {
  it('draws every character of the alphabet about equally often', () => {
    const counts = new Map<string, number>();
    for (const char of randomString(BOOTSTRAP_PASSWORD_ALPHABET, 56_000, randomBytes)) counts.set(char, (counts.get(char) ?? 0) + 1);
    expect(counts.size).toBe(56);
    // 1000 expected per symbol, σ ≈ 31; byte % 56 without rejection would give the first 32 symbols ~1140.
    for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(200);
  });

  it('skips the biased top bytes', () => {
    // 256 % 56 = 32: bytes 224..255 must be discarded, not mapped to the first 32 symbols.
    let calls = 0;
    const source = (size: number) => Buffer.alloc(size, calls++ === 0 ? 255 : 0);
    expect(randomString(BOOTSTRAP_PASSWORD_ALPHABET, 4, source)).toBe('AAAA');
  });

  it('fails instead of spinning on a broken random source', () => {
    expect(() => randomString(BOOTSTRAP_PASSWORD_ALPHABET, 4, (size) => Buffer.alloc(size, 255))).toThrow(/unusable bytes/);
    expect(() => randomString('a', 4)).toThrow(RangeError);
  });
});
