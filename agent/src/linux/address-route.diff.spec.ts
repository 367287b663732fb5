import { diffAddresses, diffRoutes, parseIpAddresses, parseIpLink, parseMarkedRoutes, routesOwnedBy } from './address-route.diff';

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

  it('reads marked routes on every device, giving host routes their /32 and skipping a default route', () => {
    const text = '[{"dst":"10.0.0.0/24","dev":"wg-a","scope":"link"},{"dst":"10.0.9.5","dev":"wg-a"},{"dst":"default","dev":"eth0"}]';
    expect(parseMarkedRoutes(text)).toEqual([
      { destination: '10.0.0.0/24', device: 'wg-a' },
      { destination: '10.0.9.5/32', device: 'wg-a' },
    ]);
    expect(parseMarkedRoutes('')).toEqual([]);
  });

  it('rejects output that is not a JSON array', () => {
    expect(() => parseMarkedRoutes('{"dst":"x"}')).toThrow(/expected a JSON array/);
  });
});

describe('diffAddresses', () => {
  it('adds what is missing and removes what is not desired, keeping host bits', () => {
    expect(diffAddresses(['10.0.0.2/32', '10.0.5.1/32'], ['10.0.0.2/32', '10.0.5.9/32'])).toEqual({ add: ['10.0.5.1/32'], remove: ['10.0.5.9/32'] });
    expect(diffAddresses(['10.0.0.2/24'], ['10.0.0.2/24'])).toEqual({ add: [], remove: [] });
  });
});

const route = (destination: string, device: string) => ({ destination, device });

describe('routesOwnedBy', () => {
  it.each([
    ['keeps the marked routes on its own interface', [route('10.0.0.0/24', 'wg-a')], 'wg-a', [route('10.0.0.0/24', 'wg-a')]],
    ['drops a marked route another tool added on the LAN interface', [route('10.0.0.0/24', 'wg-a'), route('172.16.9.0/24', 'lan0')], 'wg-a', [route('10.0.0.0/24', 'wg-a')]],
    ['drops the routes of a second agent on the same box', [route('10.0.0.0/24', 'wg-a'), route('10.1.0.0/24', 'wg-b')], 'wg-b', [route('10.1.0.0/24', 'wg-b')]],
    ['tells apart names that only share a prefix', [route('10.0.0.0/24', 'wg-a1'), route('10.0.1.0/24', 'wg-a')], 'wg-a', [route('10.0.1.0/24', 'wg-a')]],
    ['owns nothing when its interface has no marked route', [route('10.0.0.0/24', 'wg-b')], 'wg-a', []],
  ])('%s', (_what, marked, device, owned) => {
    expect(routesOwnedBy(marked, device)).toEqual(owned);
  });
});

describe('diffRoutes', () => {
  it('adds missing routes and removes our stale ones', () => {
    const actual = [route('10.0.0.0/24', 'wg-a'), route('192.168.30.0/24', 'wg-a')];
    expect(diffRoutes(['10.0.0.0/24', '192.168.20.0/24', '192.168.40.0/24'], 'wg-a', actual)).toEqual({
      add: ['192.168.20.0/24', '192.168.40.0/24'],
      remove: [route('192.168.30.0/24', 'wg-a')],
    });
  });

  it.each([
    ['another agent', 'wg-b'],
    ['a tool using the same protocol number', 'lan0'],
  ])('never removes a marked route of %s, even when handed one', (_who, device) => {
    const actual = [route('10.0.0.0/24', 'wg-a'), route('192.168.20.0/24', device), route('172.16.0.0/24', device)];
    expect(diffRoutes(['10.0.0.0/24', '192.168.20.0/24'], 'wg-a', actual)).toEqual({ add: ['192.168.20.0/24'], remove: [] });
  });

  it('is empty when our routes match', () => {
    expect(diffRoutes(['10.0.0.0/24'], 'wg-a', [route('10.0.0.0/24', 'wg-a')])).toEqual({ add: [], remove: [] });
  });
});
