import { SessionCache, type SessionValidity } from './session-cache';

const validity = (userId: string): SessionValidity => ({ userId, username: userId, role: 'operator', mustChangePassword: false, live: true });

describe('SessionCache', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('keeps an entry for its lifetime, then forgets it', () => {
    const cache = new SessionCache(clock, 5_000);
    cache.put('s1', validity('u1'));
    now += 5_000;
    expect(cache.get('s1')).toEqual(validity('u1'));
    now += 1;
    expect(cache.get('s1')).toBeUndefined();
  });

  it('forgets one session, or every session of one user', () => {
    const cache = new SessionCache(clock);
    cache.put('a1', validity('alice'));
    cache.put('a2', validity('alice'));
    cache.put('b1', validity('bob'));
    cache.forgetSession('a1');
    expect(cache.get('a1')).toBeUndefined();
    cache.forgetUser('alice');
    expect(cache.get('a2')).toBeUndefined();
    expect(cache.get('b1')).toEqual(validity('bob'));
  });
});
