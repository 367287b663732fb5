import { formatBytes } from './format.logic';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1536, '1.5 KiB'],
    [5 * 1024 ** 3, '5.0 GiB'],
    [-1, '—'],
    [Number.NaN, '—'],
    [null, '—'],
  ])('%s → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});
