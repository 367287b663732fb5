import * as crypto from 'node:crypto';
import { generateSealingKeyPair, openSealedSecret, SEALED_SECRET_MIN_BYTES, sealSecret, SealedSecretError, type SealingContext, type SealingKeyPair } from './sealed-secret';

const agent = generateSealingKeyPair(crypto);
const other = generateSealingKeyPair(crypto);
const context: SealingContext = { agentId: '0b8f7e6d-5c4b-4a39-8281-7f6e5d4c3b2a', runId: '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d' };
const PASSWORD = 'router-Pa55word!';

const flip = (bytes: Uint8Array, index: number): Uint8Array => {
  const copy = Uint8Array.from(bytes);
  copy[index < 0 ? copy.length + index : index]! ^= 0x01;
  return copy;
};

describe('sealed secrets', () => {
  it.each([
    ['a router password', PASSWORD],
    ['an empty secret', ''],
    ['a long non-ASCII secret', `pässwörd-${'ключ'.repeat(200)}`],
  ])('round-trips %s for the agent and run it was sealed for', (_what, secret) => {
    const sealed = sealSecret(crypto, agent.publicKey, context, secret);
    expect(sealed.length).toBe(SEALED_SECRET_MIN_BYTES + new TextEncoder().encode(secret).length);
    expect(openSealedSecret(crypto, agent, context, sealed)).toBe(secret);
  });

  it('seals the same secret differently every time and never holds it in clear or in base64', () => {
    const [a, b] = [sealSecret(crypto, agent.publicKey, context, PASSWORD), sealSecret(crypto, agent.publicKey, context, PASSWORD)];
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
    for (const sealed of [a, b]) {
      const bytes = Buffer.from(sealed);
      expect(bytes.includes(PASSWORD)).toBe(false);
      expect(bytes.toString('base64')).not.toContain(Buffer.from(PASSWORD).toString('base64').slice(0, 12));
    }
  });

  it('makes 32-byte keys, a new pair every time', () => {
    expect(Buffer.from(agent.publicKey, 'base64')).toHaveLength(32);
    expect(Buffer.from(agent.privateKey, 'base64')).toHaveLength(32);
    expect(agent.publicKey).not.toBe(other.publicKey);
  });

  const sealed = sealSecret(crypto, agent.publicKey, context, PASSWORD);
  it.each<[string, SealingKeyPair, SealingContext, Uint8Array, string, RegExp]>([
    ['another agent’s key', other, context, sealed, 'SEALED_SECRET.NOT_OPENED', /does not open for agent .*sealed to another agent's key or for another run/],
    ['another agent id', agent, { ...context, agentId: 'another-agent' }, sealed, 'SEALED_SECRET.NOT_OPENED', /does not open for agent another-agent/],
    ['another run', agent, { ...context, runId: 'another-run' }, sealed, 'SEALED_SECRET.NOT_OPENED', /run another-run/],
    ['a tampered ciphertext', agent, context, flip(sealed, 1 + 32), 'SEALED_SECRET.NOT_OPENED', /altered on the way/],
    ['a tampered tag', agent, context, flip(sealed, -1), 'SEALED_SECRET.NOT_OPENED', /altered on the way/],
    ['a tampered ephemeral key', agent, context, flip(sealed, 5), 'SEALED_SECRET.NOT_OPENED', /altered on the way/],
    ['an unknown version', agent, context, flip(sealed, 0), 'SEALED_SECRET.MALFORMED', /format version 0.*upgrade/],
    ['a truncated secret', agent, context, sealed.subarray(0, SEALED_SECRET_MIN_BYTES - 1), 'SEALED_SECRET.MALFORMED', /truncated: 48 bytes, at least 49/],
    ['nothing at all', agent, context, new Uint8Array(0), 'SEALED_SECRET.MALFORMED', /truncated: 0 bytes/],
    ['a secret cut at its tag', agent, context, sealed.subarray(0, sealed.length - 4), 'SEALED_SECRET.NOT_OPENED', /altered on the way/],
    ['an empty run id', agent, { ...context, runId: '' }, sealed, 'SEALED_SECRET.MALFORMED', /run id of 1 to 255 bytes/],
  ])('refuses %s with a clear error that never holds the secret', (_what, keys, opening, bytes, code, message) => {
    let error: unknown;
    try {
      openSealedSecret(crypto, keys, opening, bytes);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SealedSecretError);
    expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
    expect(String((error as Error).message)).not.toContain(PASSWORD);
  });

  it.each([
    ['not base64', 'not a key'],
    ['31 bytes', Buffer.alloc(31, 1).toString('base64')],
    // A low-order point: the shared secret would be all zeros, which anyone can compute.
    ['a low-order point', Buffer.alloc(32).toString('base64')],
  ])('refuses to seal to a key that is %s', (_what, key) => {
    expect(() => sealSecret(crypto, key, context, PASSWORD)).toThrow(expect.objectContaining({ code: 'SEALED_SECRET.INVALID_KEY' }));
  });
});
