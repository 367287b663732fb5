import { formatHandshakeAge, formatMemory, formatUptime } from './router-health.logic';

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
