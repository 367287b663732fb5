import { MASKED_SECRET, normalizeRouterOsValue, routerOsValuesEqual } from './routeros-value.normalizer';

describe('routerOsValuesEqual', () => {
  const equal: ReadonlyArray<[string, string, string | undefined, string?]> = [
    ['disabled', 'no', 'false'],
    ['disabled', 'yes', 'true'],
    ['disabled', 'no', undefined, 'no'],
    ['persistent-keepalive', '25s', '25'],
    ['persistent-keepalive', '25s', '25s'],
    ['persistent-keepalive', '25s', '00:00:25'],
    ['persistent-keepalive', '65s', '1m5s'],
    ['persistent-keepalive', '0s', undefined, '0s'],
    ['timeout', '1d', '1d00:00:00'],
    ['timeout', '1w2d3h4m5s', '788645'],
    ['timeout', '1500ms', '1s500ms'],
    ['timeout', '1ms500us', '1500us'],
    ['allowed-address', '10.0.0.2/32,192.168.2.0/24', '192.168.2.0/24,10.0.0.2'],
    ['allowed-address', '10.0.0.0/24,10.0.5.0/24', '10.0.5.0/24,10.0.0.0/24'],
    ['address', '192.168.1.7/32', '192.168.1.7'],
    ['to-addresses', '192.168.1.0/24', '192.168.1.0-192.168.1.255'],
    ['to-addresses', '192.168.1.9', '192.168.1.9-192.168.1.9'],
    ['endpoint-port', '0', undefined, '0'],
    ['endpoint-port', '51820', '0xCA6C'],
    ['mtu', '1420', '01420'],
    ['dst-port', '80,443', '443,80'],
    ['endpoint-address', '', undefined],
    ['private-key', 'kMtI/sX+c43uH8Xw2J64i9KH4heGLOAmQkPiA/7HgUU=', MASKED_SECRET],
  ];
  // Rest parameters: jest reads a test function of more arity than the row as a `done` callback.
  it.each(equal)('%s: %p equals read-back %p', (...[field, expected, actual, fallback]) => {
    expect(routerOsValuesEqual(field, expected, actual, fallback)).toBe(true);
  });

  const different: ReadonlyArray<[string, string, string | undefined, string?]> = [
    ['disabled', 'no', 'true'],
    ['persistent-keepalive', '25s', '26'],
    ['persistent-keepalive', '0s', '25', '0s'],
    ['allowed-address', '10.0.0.2/32', '10.0.0.2/32,10.0.0.3/32'],
    ['to-addresses', '192.168.1.0/24', '192.168.1.0-192.168.1.254'],
    ['to-addresses', '192.168.1.0/24', '192.168.1.1-192.168.1.256'],
    ['to-addresses', '192.168.1.0/24', '192.168.1.128-192.168.1.255'],
    ['endpoint-address', '192.0.2.1', undefined, ''],
    ['mtu', '1420', undefined],
    ['name', 'wg-a', 'WG-A'],
    ['preshared-key', 'abc', 'abd'],
    ['comment', 'yes', 'true'],
  ];
  it.each(different)('%s: %p differs from read-back %p', (...[field, expected, actual, fallback]) => {
    expect(routerOsValuesEqual(field, expected, actual, fallback)).toBe(false);
  });
});

describe('normalizeRouterOsValue', () => {
  it('leaves unknown forms alone rather than guessing', () => {
    expect(normalizeRouterOsValue('persistent-keepalive', 'soon')).toBe('soon');
    expect(normalizeRouterOsValue('disabled', 'maybe')).toBe('maybe');
    expect(normalizeRouterOsValue('listen-port', 'auto')).toBe('auto');
    expect(normalizeRouterOsValue('address', 'router.example.net')).toBe('router.example.net');
    expect(normalizeRouterOsValue('interface', 'wg-wan-overlay')).toBe('wg-wan-overlay');
  });
});
