import { hashRefreshSecret, newRefreshToken, parseRefreshToken, sameHash } from './refresh-token';

const SESSION = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

describe('refresh tokens', () => {
  it('are <session id>.<256 random bits> and parse back to the session and the stored hash', () => {
    const made = newRefreshToken(SESSION);
    expect(made.token).toMatch(/^7c9e6679-7425-40de-944b-e07fc1f90ae7\.[A-Za-z0-9_-]{43}$/);
    expect(made.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(made.token).not.toContain(made.hash);
    expect(parseRefreshToken(made.token)).toEqual({ sessionId: SESSION, secretHash: made.hash });
    expect(newRefreshToken(SESSION).token).not.toBe(made.token);
  });

  it.each([
    ['no string', 42],
    ['no secret', SESSION],
    ['a short secret', `${SESSION}.abc`],
    ['an upper-case session id', `${SESSION.toUpperCase()}.${'a'.repeat(43)}`],
    ['a trailing space', `${SESSION}.${'a'.repeat(43)} `],
  ])('refuses %s', (_label, value) => {
    expect(parseRefreshToken(value)).toBeNull();
  });

  it('compares hashes exactly', () => {
    const hash = hashRefreshSecret('x');
    expect(sameHash(hash, hashRefreshSecret('x'))).toBe(true);
    expect(sameHash(hash, hashRefreshSecret('y'))).toBe(false);
    expect(sameHash(hash, hash.slice(1))).toBe(false);
  });
});
