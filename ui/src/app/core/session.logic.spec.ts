import { isSessionCall, refreshDelayMs, tokenExpiresAt } from './session.logic';

const token = (payload: object) => `e30.${btoa(JSON.stringify(payload)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')}.sig`;

describe('tokenExpiresAt', () => {
  it('reads exp in milliseconds', () => {
    expect(tokenExpiresAt(token({ sub: 'u', exp: 1_800_000_000 }))).toBe(1_800_000_000_000);
  });

  it.each([
    ['no token', null],
    ['no payload', 'abc'],
    ['a payload that is not JSON', 'e30.bm90IGpzb24.sig'],
    ['no exp', token({ sub: 'u' })],
    ['a text exp', token({ exp: 'soon' })],
  ])('is null for %s', (_label, value) => {
    expect(tokenExpiresAt(value)).toBeNull();
  });
});

describe('refreshDelayMs', () => {
  it('renews a minute before expiry', () => {
    expect(refreshDelayMs(1_000_000 + 900_000, 1_000_000)).toBe(840_000);
  });

  it('waits a few seconds at least, even for a token about to expire or expired', () => {
    expect(refreshDelayMs(1_000_000 + 30_000, 1_000_000)).toBe(5_000);
    expect(refreshDelayMs(0, 1_000_000)).toBe(5_000);
  });

  it('has nothing to schedule without an expiry', () => {
    expect(refreshDelayMs(null, 1_000_000)).toBeNull();
  });
});

describe('isSessionCall', () => {
  it.each([
    ['/api/auth/login', true],
    ['/api/auth/refresh', true],
    ['/api/auth/logout', true],
    ['/api/auth/me', false],
    ['/api/auth/password', false],
    ['/api/wan', false],
  ])('%s: %s', (url, expected) => {
    expect(isSessionCall(url)).toBe(expected);
  });
});
