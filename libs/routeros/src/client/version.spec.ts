import { checkRestCompatibility, isPlainHttpSupported, isRestSupported, parseRouterOsVersion } from './version';

describe('parseRouterOsVersion', () => {
  it.each([
    ['7.19.4 (stable)', { major: 7, minor: 19, patch: 4, channel: 'stable' }],
    ['7.16 (long-term)', { major: 7, minor: 16, patch: 0, channel: 'long-term' }],
    ['7.1beta4', { major: 7, minor: 1, patch: 0, prerelease: 'beta4' }],
    ['7.20rc2 (testing)', { major: 7, minor: 20, patch: 0, prerelease: 'rc2', channel: 'testing' }],
    ['6.49.10 (long-term)', { major: 6, minor: 49, patch: 10, channel: 'long-term' }],
  ])('parses %s', (text, expected) => {
    expect(parseRouterOsVersion(text)).toEqual({ ...expected, raw: text });
  });

  it('returns undefined for text that is no version', () => {
    expect(parseRouterOsVersion('MikroTik')).toBeUndefined();
  });
});

describe('REST support', () => {
  it.each([
    ['7.19.4 (stable)', true],
    ['7.1', true],
    ['7.1rc1', true],
    ['7.1beta4', true],
    ['7.1beta3', false],
    ['7.1alpha1', false],
    ['7.0.5', false],
    ['6.49.10 (long-term)', false],
    ['8.0', true],
  ])('%s → %s', (text, supported) => {
    expect(isRestSupported(parseRouterOsVersion(text)!)).toBe(supported);
  });

  it('knows plain http needs 7.9', () => {
    expect(isPlainHttpSupported(parseRouterOsVersion('7.8')!)).toBe(false);
    expect(isPlainHttpSupported(parseRouterOsVersion('7.9')!)).toBe(true);
    expect(isPlainHttpSupported(parseRouterOsVersion('8.1')!)).toBe(true);
  });

  it('gives v6 a clear incompatibility verdict', () => {
    expect(checkRestCompatibility('7.19.4 (stable)')).toEqual(expect.objectContaining({ compatible: true }));
    expect(checkRestCompatibility('6.49.10 (long-term)')).toEqual({
      compatible: false,
      code: 'ROUTEROS.INCOMPATIBLE_VERSION',
      version: expect.objectContaining({ major: 6 }),
      message: 'RouterOS 6.49.10 (long-term) has no REST API; this product needs RouterOS 7.1 or newer.',
      suggestion: expect.stringContaining('Upgrade'),
    });
    expect(checkRestCompatibility('garbage')).toEqual(expect.objectContaining({ compatible: false, message: expect.stringContaining('Unrecognised') }));
  });
});
