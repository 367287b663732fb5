import { thrownDomainError } from '../__fixtures__/thrown-domain-error';
import { validateWireGuardKey } from './wireguard-key.validator';

const KEY = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';

function messageOf(action: () => unknown): string {
  const error = thrownDomainError(action);
  expect(error.code).toBe('VALIDATION.INVALID_KEY');
  expect(error.details.field).toBe('publicKey');
  return error.message;
}

describe('validateWireGuardKey', () => {
  it.each([
    ['a key from wg pubkey', KEY],
    ['a key using + and /', `${'+/'.repeat(21)}w=`],
    ['a key whose last character is 8', `${'B'.repeat(42)}8=`],
  ])('accepts %s', (_label, key) => {
    expect(validateWireGuardKey(key, 'publicKey')).toBe(key);
  });

  it.each([
    ['43 characters', KEY.slice(0, 43), 'publicKey is 43 characters long'],
    ['45 characters', `${KEY}=`, 'publicKey is 45 characters long'],
    ['URL-safe base64', `${KEY.slice(0, 10)}-${KEY.slice(11)}`, 'publicKey contains "-", which is not base64'],
    ['a space', ` ${KEY.slice(1)}`, 'publicKey contains a space, which is not base64'],
    ['padding too early', `${KEY.slice(0, 42)}==`, 'publicKey contains "=", which is not base64'],
    ['no padding', `${KEY.slice(0, 43)}A`, 'publicKey does not end in "="'],
    ['stray bits in the last character', `${KEY.slice(0, 42)}h=`, 'publicKey does not decode to exactly 32 bytes'],
    ['the all-zero key', `${'A'.repeat(43)}=`, 'publicKey is the all-zero key, which WireGuard refuses'],
  ])('refuses %s, saying why', (_label, key, why) => {
    const message = messageOf(() => validateWireGuardKey(key, 'publicKey'));
    expect(message).toBe(`${why}; a WireGuard key is 44 base64 characters ending in "=", as printed by "wg pubkey".`);
  });
});
