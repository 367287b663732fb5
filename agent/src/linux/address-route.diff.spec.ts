import { diffAddresses, diffRoutes, parseIpAddresses, parseIpLink, parseOwnedRoutes } from './address-route.diff';

describe('ip -j parsers', () => {
  it('reads a link with its MTU and whether it is up', () => {
    const text = '[{"ifindex":3,"ifname":"wg-a","flags":["POINTOPOINT","NOARP","UP","LOWER_UP"],"mtu":1420}]';
    expect(parseIpLink(text)).toEqual({ name: 'wg-a', mtu: 1420, up: true });
    expect(parseIpLink('[{"ifname":"wg-a","flags":["POINTOPOINT"],"mtu":1420}]')?.up).toBe(false);
    expect(parseIpLink('[]')).toBeNull();
  });

  it('reads IPv4 addresses as CIDRs and leaves link-local ones out', () => {
    const text = JSON.stringify([
      {
        ifname: 'wg-a',
        addr_info: [
          { family: 'inet', local: '10.0.0.2', prefixlen: 32, scope: 'global' },
          { family: 'inet', local: '10.0.5.1', prefixlen: 32, scope: 'global' },
          { family: 'inet', local: '169.254.1.1', prefixlen: 16, scope: 'link' },
          { family: 'inet6', local: 'fe80::1', prefixlen: 64, scope: 'link' },
        ],
      },
    ]);
    expect(parseIpAddresses(text)).toEqual(['10.0.0.2/32', '10.0.5.1/32']);
  });

  it('reads our routes, giving host routes their /32 and skipping a default route', () => {
    const text = '[{"dst":"10.0.0.0/24","dev":"wg-a","scope":"link"},{"dst":"10.0.9.5","dev":"wg-a"},{"dst":"default","dev":"eth0"}]';
    expect(parseOwnedRoutes(text)).toEqual([
      { destination: '10.0.0.0/24', device: 'wg-a' },
      { destination: '10.0.9.5/32', device: 'wg-a' },
    ]);
    expect(parseOwnedRoutes('')).toEqual([]);
  });

  it('rejects output that is not a JSON array', () => {
    expect(() => parseOwnedRoutes('{"dst":"x"}')).toThrow(/expected a JSON array/);
  });
});

describe('diffAddresses', () => {
  it('adds what is missing and removes what is not desired, keeping host bits', () => {
    expect(diffAddresses(['10.0.0.2/32', '10.0.5.1/32'], ['10.0.0.2/32', '10.0.5.9/32'])).toEqual({ add: ['10.0.5.1/32'], remove: ['10.0.5.9/32'] });
    expect(diffAddresses(['10.0.0.2/24'], ['10.0.0.2/24'])).toEqual({ add: [], remove: [] });
  });
});

describe('diffRoutes', () => {
  it('adds missing routes, removes our stale ones, and moves ours off another device', () => {
    const actual = [
      { destination: '10.0.0.0/24', device: 'wg-a' },
      { destination: '192.168.30.0/24', device: 'wg-a' },
      { destination: '192.168.20.0/24', device: 'wg-old' },
    ];
    expect(diffRoutes(['10.0.0.0/24', '192.168.20.0/24', '192.168.40.0/24'], 'wg-a', actual)).toEqual({
      add: ['192.168.20.0/24', '192.168.40.0/24'],
      remove: [
        { destination: '192.168.30.0/24', device: 'wg-a' },
        { destination: '192.168.20.0/24', device: 'wg-old' },
      ],
    });
  });

  it('is empty when our routes match', () => {
    expect(diffRoutes(['10.0.0.0/24'], 'wg-a', [{ destination: '10.0.0.0/24', device: 'wg-a' }])).toEqual({ add: [], remove: [] });
  });
});
