import {
  validateCidr,
  validateDnsServers,
  validateInterfaceAddress,
  validateIpv4,
  validateKeepalive,
  validateMtu,
  validateNatProtocol,
  validatePort,
} from './network.validator';
import { thrownDomainError } from '../__fixtures__/thrown-domain-error';

describe('validateCidr', () => {
  it.each(['192.168.1.0/24', '10.0.0.0/8', '0.0.0.0/0', '203.0.113.7/32'])('accepts %s', (cidr) => {
    expect(validateCidr(cidr, 'cidr')).toBe(cidr);
  });

  it('names the network that was meant when host bits are set', () => {
    const error = thrownDomainError(() => validateCidr('192.168.1.5/24', 'subnet'));
    expect(error.code).toBe('VALIDATION.HOST_BITS_SET');
    expect(error.message).toBe('subnet: "192.168.1.5/24" has host bits set; did you mean 192.168.1.0/24?');
    expect(error.details).toEqual({ field: 'subnet', suggestion: '192.168.1.0/24' });
  });

  it.each(['192.168.1.0', '192.168.1.0/33', '192.168.01.0/24', '192.168.1.0/024', ' 192.168.1.0/24'])('refuses %j', (cidr) => {
    const error = thrownDomainError(() => validateCidr(cidr, 'subnet'));
    expect(error.code).toBe('VALIDATION.INVALID_CIDR');
    expect(error.message).toMatch(/^subnet: .* is not an IPv4 network in CIDR form/);
  });
});

describe('validateInterfaceAddress', () => {
  it.each(['10.0.0.1/24', '10.0.0.2/32', '192.168.1.0/24', '0.0.0.0/0'])('accepts %s, host bits and all', (address) => {
    expect(validateInterfaceAddress(address, 'address')).toBe(address);
  });

  it.each(['10.0.0.1', '10.0.0.1/', '10.0.0.1/33', '10.0.0.1/024', '10.0.0.1/24/1', '010.0.0.1/24', '/24', '10.0.0.1/24\n'])('refuses %j', (address) => {
    const error = thrownDomainError(() => validateInterfaceAddress(address, 'interface.addresses[0]'));
    expect(error.code).toBe('VALIDATION.INVALID_CIDR');
    expect(error.details).toEqual({ field: 'interface.addresses[0]' });
    expect(error.message).toMatch(/^interface\.addresses\[0\] ".*" is not an IPv4 interface address like 10\.0\.0\.1\/24\.$/);
  });
});

describe('validateIpv4', () => {
  it.each(['0.0.0.0', '10.0.0.1', '255.255.255.255'])('accepts %s', (ip) => {
    expect(validateIpv4(ip, 'ip')).toBe(ip);
  });

  it.each(['256.0.0.1', '10.0.0', '10.0.0.1.2', '010.0.0.1', '10.0.0.1/32', '::1'])('refuses %s', (ip) => {
    const error = thrownDomainError(() => validateIpv4(ip, 'tunnelIp'));
    expect(error.code).toBe('VALIDATION.INVALID_IPV4');
    expect(error.details.field).toBe('tunnelIp');
    expect(error.message).toMatch(/^tunnelIp: /);
  });
});

describe('integer validators', () => {
  it.each([
    ['validatePort', validatePort, 1, 65535, 'VALIDATION.INVALID_PORT'],
    ['validateKeepalive', validateKeepalive, 0, 65535, 'VALIDATION.INVALID_KEEPALIVE'],
    ['validateMtu', validateMtu, 1280, 9000, 'VALIDATION.INVALID_MTU'],
  ] as const)('%s accepts exactly %i to %i', (_name, validate, min, max, code) => {
    expect(validate(min, 'n')).toBe(min);
    expect(validate(max, 'n')).toBe(max);
    for (const outside of [min - 1, max + 1]) {
      const error = thrownDomainError(() => validate(outside, 'n'));
      expect(error.code).toBe(code);
      expect(error.details).toEqual({ field: 'n', min, max });
      expect(error.message).toContain(`from ${min} to ${max}`);
      expect(error.message).toContain(`got ${outside}`);
    }
  });

  it('says what arrived instead of a number', () => {
    expect(thrownDomainError(() => validatePort('51820', 'listenPort')).message).toBe(
      'listenPort must be a whole number from 1 to 65535; got the string "51820".',
    );
    expect(thrownDomainError(() => validateMtu(undefined, 'mtu')).message).toBe('mtu must be a whole number from 1280 to 9000 bytes; got nothing.');
    expect(thrownDomainError(() => validateKeepalive(2.5, 'keepalive')).message).toMatch(/seconds; got 2\.5\.$/);
  });
});

describe('validateNatProtocol', () => {
  it.each(['tcp', 'udp'])('accepts %s', (protocol) => {
    expect(validateNatProtocol(protocol, 'protocol')).toBe(protocol);
  });

  it.each<[unknown, string]>([
    ['both', 'the string "both"'],
    ['TCP', 'the string "TCP"'],
    ['icmp', 'the string "icmp"'],
    [6, '6'],
    [null, 'null'],
  ])('refuses %p, saying what arrived', (value, described) => {
    const error = thrownDomainError(() => validateNatProtocol(value, 'serviceNat[0].protocols[1]'));
    expect(error.code).toBe('VALIDATION.INVALID_PROTOCOL');
    expect(error.details).toEqual({ field: 'serviceNat[0].protocols[1]' });
    expect(error.message).toBe(`serviceNat[0].protocols[1] must be "tcp" or "udp"; got ${described}.`);
  });
});

describe('validateDnsServers', () => {
  it.each<[string, unknown, string[]]>([
    ['an empty list means no DNS', [], []],
    ['one server', ['1.1.1.1'], ['1.1.1.1']],
    ['keeps the given order', ['9.9.9.9', '1.1.1.1'], ['9.9.9.9', '1.1.1.1']],
    ['up to eight servers', Array.from({ length: 8 }, (_, i) => `10.0.0.${i + 1}`), Array.from({ length: 8 }, (_, i) => `10.0.0.${i + 1}`)],
  ])('accepts %s', (_label, value, expected) => {
    expect(validateDnsServers(value, 'dns')).toEqual(expected);
  });

  it('refuses a repeated server', () => {
    const error = thrownDomainError(() => validateDnsServers(['1.1.1.1', '8.8.8.8', '1.1.1.1'], 'dns'));
    expect(error.code).toBe('VALIDATION.INVALID_DNS');
    expect(error.message).toBe('dns lists 1.1.1.1 twice; give each server once.');
  });

  it('refuses a ninth server', () => {
    const error = thrownDomainError(() => validateDnsServers(Array.from({ length: 9 }, (_, i) => `10.0.0.${i + 1}`), 'dns'));
    expect(error.message).toBe('dns lists 9 servers; give at most 8.');
  });

  it('names the bad entry by index', () => {
    const error = thrownDomainError(() => validateDnsServers(['1.1.1.1', '1.1.1'], 'overrides.dns'));
    expect(error.details.field).toBe('overrides.dns[1]');
    expect(error.message).toMatch(/^overrides\.dns\[1\]: "1\.1\.1" is not an IPv4 address/);
  });
});
