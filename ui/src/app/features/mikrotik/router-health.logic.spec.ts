import { formatHandshakeAge, formatMemory, formatUptime, reachabilityView } from './router-health.logic';

describe('formatUptime', () => {
  it.each([
    [273_175, '3d 3h'],
    [86_400, '1d'],
    [3_725, '1h 2m'],
    [3_600, '1h'],
    [125, '2m 5s'],
    [42, '42s'],
    [0, '0s'],
    [null, '—'],
    [-1, '—'],
  ])('%p → %s', (seconds, text) => expect(formatUptime(seconds)).toBe(text));
});

describe('formatMemory', () => {
  it('shows used of total with the share', () => {
    expect(formatMemory({ memoryUsedBytes: 256 * 1024 ** 2, memoryTotalBytes: 1024 ** 3 })).toBe('256.0 MiB of 1.0 GiB (25%)');
  });
  it('says nothing it was not told', () => {
    expect(formatMemory({ memoryUsedBytes: null, memoryTotalBytes: 1024 })).toBe('—');
    expect(formatMemory({ memoryUsedBytes: 0, memoryTotalBytes: 0 })).toBe('—');
  });
});

describe('formatHandshakeAge', () => {
  it.each([
    [null, 'never'],
    [0, '0 s'],
    [119, '119 s'],
    [180, '3 min'],
    [7_200, '2 h'],
    [200_000, '2 d'],
  ])('%p → %s', (seconds, text) => expect(formatHandshakeAge(seconds)).toBe(text));
});

describe('reachabilityView', () => {
  it('keeps an answering API apart from a silent tunnel', () => {
    const view = reachabilityView({ apiStatus: 'connected', links: [{ up: false, handshakeAgeSeconds: 600 }] });
    expect(view).toEqual({ api: { text: 'API reachable', ok: true }, tunnel: { text: 'tunnel down: last handshake 10 min ago', ok: false } });
  });

  it('says the tunnel is up from a recent handshake even when the API is unreachable', () => {
    const view = reachabilityView({ apiStatus: 'unreachable', links: [{ up: true, handshakeAgeSeconds: 30 }, { up: false, handshakeAgeSeconds: null }] });
    expect(view).toEqual({ api: { text: 'API unreachable', ok: false }, tunnel: { text: 'tunnel up: 1/2 links, handshake 30 s ago', ok: true } });
    expect(reachabilityView({ apiStatus: 'unknown', links: [] }).tunnel.text).toBe('tunnel down: no handshake reported');
  });
});
