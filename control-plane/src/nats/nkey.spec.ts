import { fromPublic, fromSeed } from '@nats-io/nkeys';
import { Nkey, publicKeyRole, verifyNkeySignature } from './nkey';

describe('nkeys with Node Ed25519', () => {
  it.each(['operator', 'account', 'user'] as const)('a generated %s key is byte-identical to the nkeys library', (role) => {
    const key = Nkey.generate(role);
    const reference = fromSeed(new TextEncoder().encode(key.seed()));
    expect(key.publicKey).toBe(reference.getPublicKey());
    expect(key.publicKey[0]).toBe({ operator: 'O', account: 'A', user: 'U' }[role]);
    expect(key.seed().startsWith(`S${key.publicKey[0]}`)).toBe(true);
    const data = new TextEncoder().encode('nonce-1234');
    expect(Buffer.from(key.sign(data))).toEqual(Buffer.from(reference.sign(data)));
    expect(fromPublic(key.publicKey).verify(data, key.sign(data))).toBe(true);
    expect(verifyNkeySignature(key.publicKey, data, key.sign(data))).toBe(true);
    expect(verifyNkeySignature(key.publicKey, new TextEncoder().encode('other'), key.sign(data))).toBe(false);
    expect(publicKeyRole(key.publicKey)).toBe(role);
    expect(Nkey.fromSeed(key.seed()).publicKey).toBe(key.publicKey);
  });

  it('never shows its seed when serialized', () => {
    const key = Nkey.generate('account');
    expect(JSON.stringify(key)).not.toContain(key.seed());
    expect(JSON.stringify(key)).toContain(key.publicKey);
  });

  it('rejects malformed keys and seeds of the wrong role', () => {
    const user = Nkey.generate('user');
    expect(() => Nkey.fromSeed(user.seed(), 'account')).toThrow(/expected a account seed, got a user seed/);
    expect(() => Nkey.fromSeed(user.publicKey)).toThrow(/not an nkey seed/);
    const broken = user.seed().slice(0, -2) + (user.seed().endsWith('A') ? 'BB' : 'AA');
    expect(() => Nkey.fromSeed(broken)).toThrow(/not an nkey/);
    expect(() => Nkey.fromSeed('s!')).toThrow(/invalid base32/);
    for (const bad of ['', 'UABC', user.publicKey.toLowerCase(), user.seed(), `${user.publicKey}A`]) expect(publicKeyRole(bad)).toBeNull();
  });
});
