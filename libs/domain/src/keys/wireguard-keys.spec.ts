import { execFileSync } from 'node:child_process';
import { decodeWireGuardKey, derivePublicKey, encodeWireGuardKey, generateKeyPair, isWireGuardKey } from './wireguard-keys';

/** Runs the real WireGuard tool; a missing binary fails the test with the package to install. */
function wg(args: string[], input?: string): string {
  try {
    return execFileSync('wg', args, { input, encoding: 'utf8', timeout: 5_000 }).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('The `wg` binary is missing: install the Debian package wireguard-tools.');
    }
    throw error;
  }
}

describe('WireGuard keys', () => {
  it('derives the same public key as `wg pubkey` for keys made by `wg genkey`', () => {
    for (let i = 0; i < 5; i++) {
      const privateKey = wg(['genkey']);
      expect(derivePublicKey(privateKey)).toBe(wg(['pubkey'], privateKey));
    }
  });

  it('generates key pairs that `wg pubkey` agrees with', () => {
    for (let i = 0; i < 5; i++) {
      const pair = generateKeyPair();
      expect(isWireGuardKey(pair.privateKey)).toBe(true);
      expect(wg(['pubkey'], pair.privateKey)).toBe(pair.publicKey);
    }
  });

  it('clamps the scalar like `wg genkey`, so a deterministic source gives a stable key', () => {
    const allOnes = () => new Uint8Array(32).fill(0xff);
    const pair = generateKeyPair(allOnes);
    const bytes = decodeWireGuardKey(pair.privateKey);
    expect(bytes[0]! & 7).toBe(0);
    expect(bytes[31]! & 0x80).toBe(0);
    expect(bytes[31]! & 0x40).toBe(0x40);
    expect(generateKeyPair(allOnes)).toEqual(pair);
    expect(wg(['pubkey'], pair.privateKey)).toBe(pair.publicKey);
  });

  it('never returns the same key twice from the secure source', () => {
    const keys = new Set(Array.from({ length: 20 }, () => generateKeyPair().privateKey));
    expect(keys.size).toBe(20);
  });

  it.each([
    ['empty', ''],
    ['too short', 'abc='],
    ['43 chars without padding', 'iEcaYUVKq51Sdt7uMulPVv7fDRI4PiOuHwM8DAzNOxg'],
    ['non-canonical trailing bits', 'iEcaYUVKq51Sdt7uMulPVv7fDRI4PiOuHwM8DAzNOxh='],
    ['url-safe alphabet', 'iEcaYUVKq51Sdt7uMulPVv7fDRI4PiOuHwM8DAzNO_g='],
    ['a newline appended', 'iEcaYUVKq51Sdt7uMulPVv7fDRI4PiOuHwM8DAzNOxg=\n'],
    ['a number', 42],
    ['null', null],
  ])('rejects %s with VALIDATION.INVALID_KEY naming the field', (_label, value) => {
    expect(isWireGuardKey(value)).toBe(false);
    expect(() => decodeWireGuardKey(value, 'publicKey')).toThrow(
      expect.objectContaining({ code: 'VALIDATION.INVALID_KEY', details: { field: 'publicKey' } }),
    );
  });

  it('round-trips 32 bytes and refuses other lengths', () => {
    const bytes = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
    expect(decodeWireGuardKey(encodeWireGuardKey(bytes))).toEqual(bytes);
    expect(() => encodeWireGuardKey(new Uint8Array(31))).toThrow(RangeError);
  });
});
