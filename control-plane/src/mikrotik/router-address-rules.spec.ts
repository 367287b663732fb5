import { canonicalIp, refusedAddressReason, requireAllowedRouterAddress, routerAddressRules } from './router-address-rules';

const INTERFACES = {
  lo: [{ address: '127.0.0.1', netmask: '255.0.0.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal: true, cidr: '127.0.0.1/8' }],
  eth0: [
    { address: '192.0.2.10', netmask: '255.255.255.0', family: 'IPv4', mac: '02:00:00:00:00:01', internal: false, cidr: '192.0.2.10/24' },
    { address: '2001:db8::10', netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '02:00:00:00:00:01', internal: false, cidr: '2001:db8::10/64', scopeid: 0 },
  ],
} as const;

const rules = (host: string, allowLoopback = false, port = 8080) => routerAddressRules({ host, port, routerTargets: { allowLoopback } }, INTERFACES as never);

describe('router address rules', () => {
  it.each([
    ['127.0.0.1', /loopback/],
    ['127.8.9.10', /loopback/],
    ['::1', /loopback/],
    ['[::1]', /loopback/],
    ['::ffff:127.0.0.1', /loopback/],
    ['::ffff:7f00:1', /loopback/],
    ['169.254.169.254', /link-local/],
    ['fe80::1', /link-local/],
    ['FE80::1%eth0', /link-local/],
    ['224.0.0.1', /multicast/],
    ['239.255.255.250', /multicast/],
    ['ff02::1', /multicast/],
    ['0.0.0.0', /unspecified/],
    ['::', /unspecified/],
  ])('refuses %s', (address, reason) => {
    expect(refusedAddressReason(address, 443, rules('127.0.0.1'))).toMatch(reason);
  });

  it.each(['192.0.2.1', '10.0.0.1', '2001:db8::1', 'router.example.net'])('allows %s', (address) => {
    expect(refusedAddressReason(address, 443, rules('127.0.0.1'))).toBeNull();
  });

  it('refuses the listen address, and every interface address when listening on all of them or on a name', () => {
    expect(refusedAddressReason('192.0.2.10', 443, rules('192.0.2.10'))).toMatch(/listens on/);
    expect(refusedAddressReason('2001:db8::10', 443, rules('192.0.2.10'))).toBeNull();
    for (const host of ['0.0.0.0', '::', 'wom.example.net']) {
      expect(refusedAddressReason('192.0.2.10', 80, rules(host))).toMatch(/listens on/);
      expect(refusedAddressReason('2001:DB8:0::10', 80, rules(host))).toMatch(/listens on/);
    }
  });

  it('allows loopback routers in a lab, except on the control plane’s own port', () => {
    const lab = rules('127.0.0.1', true, 8080);
    expect(refusedAddressReason('127.0.0.1', 18080, lab)).toBeNull();
    expect(refusedAddressReason('::1', 18080, lab)).toBeNull();
    expect(refusedAddressReason('127.0.0.1', 8080, lab)).toMatch(/own listener/);
    // Loopback never makes the other kinds acceptable.
    expect(refusedAddressReason('169.254.1.1', 80, lab)).toMatch(/link-local/);
  });

  it('names the field and the reason in a 400', () => {
    expect(() => requireAllowedRouterAddress('127.0.0.1', 443, rules('127.0.0.1'), 'mikrotik.managementIp')).toThrow(
      expect.objectContaining({ code: 'VALIDATION.FAILED', details: { fields: [{ field: 'mikrotik.managementIp', reason: expect.stringMatching(/loopback/) }] } }),
    );
  });

  it('writes an address in one spelling', () => {
    expect(canonicalIp('[2001:DB8:0:0::1]')).toBe('2001:db8::1');
    expect(canonicalIp('::ffff:10.1.2.3')).toBe('10.1.2.3');
    expect(canonicalIp('router.example.net')).toBeNull();
  });
});
