import { connectionMessage, connectionStatus, isReconnect, isUnreachable, nextStreamState, retryDelayMs, streamEventForStatus } from './connection.logic';

describe('connection status', () => {
  it.each([
    [{ apiReachable: true, stream: 'open' as const }, 'online'],
    [{ apiReachable: true, stream: 'idle' as const }, 'online'],
    [{ apiReachable: true, stream: 'connecting' as const }, 'online'],
    [{ apiReachable: true, stream: 'refused' as const }, 'online'],
    [{ apiReachable: true, stream: 'down' as const }, 'stream-down'],
    [{ apiReachable: false, stream: 'open' as const }, 'api-down'],
    [{ apiReachable: false, stream: 'down' as const }, 'api-down'],
  ])('%p is %s', (facts, expected) => {
    expect(connectionStatus(facts)).toBe(expected);
  });

  it('says nothing while online and names what is wrong otherwise', () => {
    expect(connectionMessage('online')).toBeNull();
    expect(connectionMessage('api-down')).toMatch(/^Control plane unreachable: /);
    expect(connectionMessage('stream-down')).toMatch(/^Live updates interrupted: /);
  });

  it('retries a dropped stream before calling it down', () => {
    expect(nextStreamState('dropped')).toBe('connecting');
    expect(nextStreamState('failed')).toBe('down');
    expect(nextStreamState('opened')).toBe('open');
    expect(nextStreamState('refused')).toBe('refused');
  });

  it('waits briefly after a drop, doubles while down up to 4 s, and 5 s when refused', () => {
    expect(retryDelayMs('connecting', 0)).toBe(500);
    expect([0, 1, 2, 3, 10].map((n) => retryDelayMs('down', n))).toEqual([500, 1000, 2000, 4000, 4000]);
    expect(retryDelayMs('refused', 0)).toBe(5000);
  });

  it('tells an outage from a refusal', () => {
    expect([0, 502, 504].every(isUnreachable)).toBe(true);
    expect([200, 401, 404, 500, 503].some(isUnreachable)).toBe(false);
    expect(streamEventForStatus(200)).toBe('opened');
    expect(streamEventForStatus(401)).toBe('refused');
    expect(streamEventForStatus(403)).toBe('refused');
    expect(streamEventForStatus(503)).toBe('failed');
    expect(streamEventForStatus(502)).toBe('failed');
  });

  it('reconnects only on the way back online', () => {
    expect(isReconnect('api-down', 'online')).toBe(true);
    expect(isReconnect('stream-down', 'online')).toBe(true);
    expect(isReconnect('online', 'online')).toBe(false);
    expect(isReconnect('online', 'api-down')).toBe(false);
    expect(isReconnect('api-down', 'stream-down')).toBe(false);
  });
});
