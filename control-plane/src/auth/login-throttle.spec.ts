import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => (now = 1_000_000));

  it('allows attempts until the limit, then tells how long to wait', () => {
    const throttle = new LoginThrottle(3, 60_000, clock);
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterSeconds('u|ip')).toBeNull();
      throttle.fail('u|ip');
      now += 1000;
    }
    expect(throttle.retryAfterSeconds('u|ip')).toBe(57);
    expect(throttle.retryAfterSeconds('u|other-ip')).toBeNull();
    now += 57_000;
    expect(throttle.retryAfterSeconds('u|ip')).toBeNull();
  });

  it('forgets failures after a success', () => {
    const throttle = new LoginThrottle(2, 60_000, clock);
    throttle.fail('k');
    throttle.succeed('k');
    throttle.fail('k');
    expect(throttle.retryAfterSeconds('k')).toBeNull();
  });

  it('keeps memory bounded', () => {
    const throttle = new LoginThrottle(1, 60_000, clock, 2);
    ['a', 'b', 'c'].forEach((key) => throttle.fail(key));
    expect(throttle.retryAfterSeconds('a')).toBeNull();
    expect(throttle.retryAfterSeconds('c')).not.toBeNull();
  });
});
