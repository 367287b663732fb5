import { hostKind, isHostname, isIpv6, parseEndpoint, validateEndpointHost } from './endpoint.validator';
import { thrownDomainError } from '../__fixtures__/thrown-domain-error';

describe('parseEndpoint', () => {
  it.each([
    ['an IPv4 address', '203.0.113.10:51820', '203.0.113.10', 51820],
    ['a hostname', 'vpn.example.com:13231', 'vpn.example.com', 13231],
    ['a hostname, lower-cased', 'VPN.Example.COM:1', 'vpn.example.com', 1],
    ['a single-label hostname', 'hub:65535', 'hub', 65535],
    ['a hostname with digits and hyphens', '1-2.a1.example:500', '1-2.a1.example', 500],
    ['an IPv6 address', '[2001:db8::1]:51820', '2001:db8::1', 51820],
    ['an IPv6 address, lower-cased', '[2001:DB8::A]:51820', '2001:db8::a', 51820],
    ['the IPv6 loopback', '[::1]:51820', '::1', 51820],
    ['an IPv4-mapped IPv6 address', '[::ffff:192.0.2.1]:51820', '::ffff:192.0.2.1', 51820],
    ['a full IPv6 address', '[2001:db8:0:0:0:0:0:1]:51820', '2001:db8:0:0:0:0:0:1', 51820],
  ])('accepts %s', (_label, text, host, port) => {
    expect(parseEndpoint(text, 'endpoint')).toEqual({ host, port });
  });

  it('accepts a hostname of exactly 253 characters', () => {
    const host = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(host).toHaveLength(253);
    expect(parseEndpoint(`${host}:1`, 'endpoint').host).toBe(host);
  });

  it.each([
    ['no port', 'vpn.example.com', 'has no port'],
    ['an empty port', 'vpn.example.com:', 'has no valid port (1 to 65535)'],
    ['port 0', 'vpn.example.com:0', 'has no valid port (1 to 65535)'],
    ['port 65536', 'vpn.example.com:65536', 'has no valid port (1 to 65535)'],
    ['a port with a leading zero', 'vpn.example.com:051820', 'has no valid port (1 to 65535)'],
    ['a signed port', 'vpn.example.com:+80', 'has no valid port (1 to 65535)'],
    ['an empty host', ':51820', 'has no valid IPv4 address or hostname'],
    ['an underscore', 'my_host:51820', 'has no valid IPv4 address or hostname'],
    ['a label starting with a hyphen', '-vpn.example.com:1', 'has no valid IPv4 address or hostname'],
    ['a label ending with a hyphen', 'vpn-.example.com:1', 'has no valid IPv4 address or hostname'],
    ['a 64-character label', `${'a'.repeat(64)}.com:1`, 'has no valid IPv4 address or hostname'],
    ['a 254-character hostname', `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(62)}:1`, 'has no valid IPv4 address or hostname'],
    ['an empty label', 'vpn..example.com:1', 'has no valid IPv4 address or hostname'],
    ['a trailing dot', 'vpn.example.com.:1', 'has no valid IPv4 address or hostname'],
    ['a malformed IPv4 address', '999.1.1.1:51820', 'has no valid IPv4 address or hostname'],
    ['an IPv6 address without brackets', '2001:db8::1:51820', 'has an IPv6 address without brackets'],
    ['brackets around IPv4', '[192.0.2.1]:51820', 'has no valid IPv6 address inside the brackets'],
    ['an IPv6 zone id', '[fe80::1%eth0]:51820', 'has no valid IPv6 address inside the brackets'],
    ['brackets without a port', '[2001:db8::1]', 'has no port'],
    ['an unclosed bracket', '[2001:db8::1:51820', 'has no port'],
    ['junk after the bracket', '[::1]x51820', 'has no port'],
  ])('refuses %s', (_label, text, why) => {
    const error = thrownDomainError(() => parseEndpoint(text, 'endpoint'));
    expect(error.code).toBe('VALIDATION.INVALID_ENDPOINT');
    expect(error.details.field).toBe('endpoint');
    expect(error.message).toContain(why);
    expect(error.message).toMatch(/expected host:port like vpn\.example\.com:51820/);
  });
});

describe('isIpv6', () => {
  it.each([
    ['::', true],
    ['::1', true],
    ['1::', true],
    ['1:2:3:4:5:6:7:8', true],
    ['1:2:3:4:5:6:7::', true],
    ['1::8', true],
    ['::ffff:10.0.0.1', true],
    ['1:2:3:4:5:6:10.0.0.1', true],
    ['1:2:3:4:5:6:7:8:9', false],
    ['1:2:3:4:5:6:7', false],
    ['1:2:3:4:5:6:7:8::', false],
    ['1::2::3', false],
    ['1:::2', false],
    [':1::', false],
    ['12345::', false],
    ['g::', false],
    ['10.0.0.1::', false],
    ['::10.0.0.1:1', false],
    ['1:2:3:4:5:6:7:10.0.0.1', false],
    ['', false],
  ])('%j → %s', (text, expected) => {
    expect(isIpv6(text)).toBe(expected);
  });
});

describe('isHostname', () => {
  it.each([
    ['example.com', true],
    ['a', true],
    ['xn--bcher-kva.example', true],
    ['1.2.3.example', true],
    ['1.2.3.4', false],
    ['', false],
    ['Example.com', false],
  ])('%j → %s', (text, expected) => {
    expect(isHostname(text)).toBe(expected);
  });
});

describe('hostKind', () => {
  it.each([
    ['203.0.113.10', 'ipv4'],
    ['2001:db8::1', 'ipv6'],
    ['ABCD:ef01::', 'ipv6'],
    ['::ffff:192.0.2.1', 'ipv6'],
    ['vpn.example.net', 'hostname'],
    ['VPN.Example.NET', 'hostname'],
    ['localhost', 'hostname'],
    ['xn--zrich-kva.example', 'hostname'],
  ])('classifies %s as %s', (text, kind) => {
    expect(hostKind(text)).toBe(kind);
  });

  it.each([
    ['empty', ''],
    ['a bracketed IPv6 address', '[2001:db8::1]'],
    ['a zone id', 'fe80::1%eth0'],
    ['a truncated embedded IPv4', '::1.2.3'],
    ['a lone colon', ':'],
    ['a port', 'vpn.example.net:51820'],
    ['a space', 'a b'],
    ['a trailing dot', 'trailing.'],
    ['a malformed IPv4 address', '999.1.1.1'],
    ['a short dotted number, which resolvers read as 1.2.0.3', '1.2.3'],
    ['non-ASCII letters', 'zürich.example'],
    ['the Kelvin sign, which toLowerCase turns into "k"', '\u212Aey.example'],
    ['a command', 'x;reboot'],
  ])('refuses %s', (_label, text) => {
    expect(hostKind(text)).toBeNull();
  });
});

describe('validateEndpointHost', () => {
  it('returns the host in lower case, as parseEndpoint does', () => {
    expect(validateEndpointHost('VPN.Example.NET', 'host')).toBe('vpn.example.net');
    expect(validateEndpointHost('2001:DB8::A', 'host')).toBe('2001:db8::a');
    expect(validateEndpointHost('203.0.113.10', 'host')).toBe('203.0.113.10');
  });

  it.each<[string, unknown, RegExp]>([
    ['brackets', '[2001:db8::1]', /^peers\[0\]\.endpoint\.host "\[2001:db8::1\]" is not an IPv4 address, an IPv6 address without brackets or a hostname/],
    ['a port', '203.0.113.10:51820', /is not an IPv4 address/],
    ['a number', 5, /^peers\[0\]\.endpoint\.host must be an IPv4 address, .*; got 5\.$/],
  ])('refuses %s, naming the field', (_label, value, message) => {
    const error = thrownDomainError(() => validateEndpointHost(value, 'peers[0].endpoint.host'));
    expect(error.code).toBe('VALIDATION.INVALID_ENDPOINT');
    expect(error.details.field).toBe('peers[0].endpoint.host');
    expect(error.message).toMatch(message);
  });
});
