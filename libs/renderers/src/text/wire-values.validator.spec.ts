import { DomainError } from '@wom/domain';
import { FIXTURE_KEYS } from '../__fixtures__/desired-states';
import {
  assertCidr,
  assertHost,
  assertIntegerInRange,
  assertInterfaceAddress,
  assertInterfaceName,
  assertIpv4,
  assertPort,
  assertWireGuardKey,
  isIpv6,
  parseCidrField,
} from './wire-values.validator';

/** Runs `fn` and returns the DomainError it throws, failing the test when it does not throw one. */
function domainErrorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, but nothing was thrown');
}

describe('assertWireGuardKey', () => {
  it('accepts real keys', () => {
    for (const pair of Object.values(FIXTURE_KEYS)) {
      expect(assertWireGuardKey(pair.publicKey, 'publicKey')).toBe(pair.publicKey);
      expect(assertWireGuardKey(pair.privateKey, 'privateKey')).toBe(pair.privateKey);
    }
  });

  it.each([
    ['too short', 'abc='],
    ['no padding', 'iEcaYUVKq51Sdt7uMulPVv7fDRI4PiOuHwM8DAzNOxgA'],
    ['low bits set in the last character', 'iEcaYUVKq51Sdt7uMulPVv7fDRI4PiOuHwM8DAzNOxh='],
    ['a trailing newline', `${FIXTURE_KEYS.hub.publicKey}\n`],
    ['a second line', `${FIXTURE_KEYS.hub.publicKey}\nAllowedIPs = 0.0.0.0/0`],
    ['url-safe base64', 'iEcaYUVKq51Sdt7uMulPVv7fDRI4PiOuHwM8DAzNOx_='],
    ['the all-zero key, which WireGuard refuses', `${'A'.repeat(43)}=`],
    ['not a string', 42],
  ])('rejects %s, naming the field', (_label, value) => {
    const error = domainErrorOf(() => assertWireGuardKey(value, 'peers[0].publicKey'));
    expect(error.code).toBe('VALIDATION.INVALID_KEY');
    expect(error.details.field).toBe('peers[0].publicKey');
    expect(error.message).toContain('peers[0].publicKey');
  });
});

describe('assertInterfaceName', () => {
  it.each(['wg0', 'wg-wan-overlay', 'wg_0.1', '_x', 'a23456789012345'])('accepts %s', (name) => {
    expect(assertInterfaceName(name, 'interface.name')).toBe(name);
  });

  it.each(['', '.', '..', '-wg', 'a234567890123456', 'wg 0', 'wg"0', 'wg/0', 'wg:0', 'wg\n0', 'wgü', null])('rejects %p', (name) => {
    const error = domainErrorOf(() => assertInterfaceName(name, 'interface.name'));
    expect(error.code).toBe('VALIDATION.INVALID_INTERFACE_NAME');
    expect(error.details.field).toBe('interface.name');
  });
});

describe('isIpv6', () => {
  it.each(['::', '::1', '1::', '2001:db8::1', 'fe80::1:2:3:4', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::', '::ffff:192.0.2.1', '64:ff9b::192.0.2.33', 'ABCD:ef01::'])(
    'accepts %s',
    (text) => expect(isIpv6(text)).toBe(true),
  );

  it.each(['', ':', ':1', '1:', '1:::2', '1::2::3', '1:2:3:4:5:6:7', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7:8::', '12345::', 'g::', '1.2.3.4::', '::1.2.3', '::1.2.3.4:5', 'fe80::1%eth0', '[::1]'])(
    'rejects %p',
    (text) => expect(isIpv6(text)).toBe(false),
  );
});

describe('assertHost', () => {
  it.each([
    ['203.0.113.10', 'ipv4'],
    ['2001:db8::1', 'ipv6'],
    ['vpn.example.net', 'hostname'],
    ['localhost', 'hostname'],
    ['xn--zrich-kva.example', 'hostname'],
  ])('classifies %s as %s', (host, kind) => {
    expect(assertHost(host, 'endpoint.host')).toBe(kind);
  });

  it.each(['', '[2001:db8::1]', 'vpn.example.net:51820', 'a b', '-lead.example', 'trail-.example', 'double..dot', 'trailing.', `${'a'.repeat(64)}.example`, 'zürich.example', 'x;reboot', 5])(
    'rejects %p, naming the field',
    (host) => {
      const error = domainErrorOf(() => assertHost(host, 'peers[0].endpoint.host'));
      expect(error.code).toBe('VALIDATION.INVALID_ENDPOINT');
      expect(error.details.field).toBe('peers[0].endpoint.host');
    },
  );
});

describe('numbers', () => {
  it('accepts whole numbers in range', () => {
    expect(assertPort(1, 'port')).toBe(1);
    expect(assertPort(65535, 'port')).toBe(65535);
    expect(assertIntegerInRange(1420, { min: 576, max: 9000 }, 'mtu')).toBe(1420);
  });

  it.each([0, 65536, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '51820'])('rejects port %p', (value) => {
    const error = domainErrorOf(() => assertPort(value, 'interface.listenPort'));
    expect(error.code).toBe('VALIDATION.INVALID_PORT');
    expect(error.message).toContain('interface.listenPort');
  });

  it('uses the code the caller chose, UNSAFE_TEXT by default', () => {
    expect(domainErrorOf(() => assertIntegerInRange(1, { min: 576, max: 9000 }, 'mtu', 'VALIDATION.INVALID_MTU')).code).toBe('VALIDATION.INVALID_MTU');
    expect(domainErrorOf(() => assertIntegerInRange(1, { min: 2, max: 3 }, 'x')).code).toBe('VALIDATION.UNSAFE_TEXT');
  });
});

describe('addresses', () => {
  it('returns canonical CIDRs and prefixes', () => {
    expect(assertCidr('192.168.1.0/24', 'cidr')).toBe('192.168.1.0/24');
    expect(parseCidrField('10.0.0.0/8', 'cidr')).toEqual({ base: 0x0a000000, length: 8 });
    expect(assertIpv4('10.0.0.1', 'ip')).toBe('10.0.0.1');
    expect(assertInterfaceAddress('10.0.0.1/24', 'address')).toBe('10.0.0.1/24');
  });

  it.each([
    ['a host with host bits', () => assertCidr('192.168.1.5/24', 'allowedIps[0]'), 'VALIDATION.HOST_BITS_SET'],
    ['a CIDR with a newline', () => assertCidr('10.0.0.0/8\n[Peer]', 'allowedIps[0]'), 'VALIDATION.INVALID_CIDR'],
    ['an IPv4 with spaces', () => assertIpv4(' 10.0.0.1', 'allowedIps[0]'), 'VALIDATION.INVALID_IPV4'],
    ['an address without prefix', () => assertInterfaceAddress('10.0.0.1', 'allowedIps[0]'), 'VALIDATION.INVALID_CIDR'],
    ['an address with two slashes', () => assertInterfaceAddress('10.0.0.1/24/1', 'allowedIps[0]'), 'VALIDATION.INVALID_CIDR'],
    ['an address with a long prefix', () => assertInterfaceAddress('10.0.0.1/33', 'allowedIps[0]'), 'VALIDATION.INVALID_CIDR'],
    ['a non-string address', () => assertInterfaceAddress(7, 'allowedIps[0]'), 'VALIDATION.INVALID_CIDR'],
  ])('rejects %s, naming the field in the message', (_label, fn, code) => {
    const error = domainErrorOf(fn);
    expect(error.code).toBe(code);
    expect(error.details.field).toBe('allowedIps[0]');
    expect(error.message.startsWith('allowedIps[0]')).toBe(true);
  });

  it('lets errors that are not domain errors through unchanged', () => {
    // The domain's printable() cannot JSON-encode a BigInt; that TypeError must not be relabelled.
    expect(() => assertCidr(10n, 'cidr')).toThrow(TypeError);
  });
});
