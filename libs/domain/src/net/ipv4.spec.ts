import {
  alignUp,
  comparePrefixes,
  containsAddress,
  formatCidr,
  formatIpv4,
  hostCidr,
  isIpv4,
  lastAddress,
  maskOf,
  parseCidr,
  parseIpv4,
  prefixContains,
  prefixesOverlap,
  prefixIntersection,
  prefixSize,
  printable,
} from './ipv4';
import { thrownDomainError } from '../__fixtures__/thrown-domain-error';

const p = (cidr: string) => parseCidr(cidr);

describe('parseIpv4 / formatIpv4', () => {
  it.each([
    ['0.0.0.0', 0],
    ['0.0.0.1', 1],
    ['10.0.0.1', 167772161],
    ['192.168.1.255', 0xc0a801ff],
    ['255.255.255.255', 0xffffffff],
  ])('%s ↔ %i', (text, value) => {
    expect(parseIpv4(text)).toBe(value);
    expect(formatIpv4(value)).toBe(text);
  });

  it.each(['', '1.2.3', '1.2.3.4.5', '256.1.1.1', '01.2.3.4', '1.2.3.-4', ' 1.2.3.4', '1.2.3.4\n', '1.2.3.4/32', 'a.b.c.d', '１.2.3.4'])(
    'refuses %j with the field named',
    (text) => {
      const error = thrownDomainError(() => parseIpv4(text, 'tunnelIp'));
      expect(error.code).toBe('VALIDATION.INVALID_IPV4');
      expect(error.details.field).toBe('tunnelIp');
      expect(isIpv4(text)).toBe(false);
    },
  );

  it('refuses a value that is not a string at all', () => {
    expect(thrownDomainError(() => parseIpv4(167772161 as unknown as string)).message).toBe('"167772161" is not an IPv4 address like 10.0.0.1.');
  });
});

describe('prefix sizes', () => {
  it.each([
    [0, 0, 2 ** 32],
    [8, 0xff000000, 2 ** 24],
    [24, 0xffffff00, 256],
    [31, 0xfffffffe, 2],
    [32, 0xffffffff, 1],
  ])('/%i has mask %i and %i addresses', (length, mask, size) => {
    expect(maskOf(length)).toBe(mask);
    expect(prefixSize(length)).toBe(size);
  });
});

describe('parseCidr / formatCidr', () => {
  it.each([
    ['192.168.1.0/24', 0xc0a80100, 24],
    ['0.0.0.0/0', 0, 0],
    ['10.0.0.7/32', 0x0a000007, 32],
    ['128.0.0.0/1', 0x80000000, 1],
  ])('%s', (text, base, length) => {
    expect(parseCidr(text)).toEqual({ base, length });
    expect(formatCidr({ base, length })).toBe(text);
  });

  it('names the network that was meant when host bits are set', () => {
    const error = thrownDomainError(() => parseCidr('192.168.1.5/24', 'cidr'));
    expect(error.code).toBe('VALIDATION.HOST_BITS_SET');
    expect(error.details).toEqual({ field: 'cidr', suggestion: '192.168.1.0/24' });
    expect(error.message).toContain('did you mean 192.168.1.0/24?');
  });

  it.each(['192.168.1.0', '192.168.1.0/', '192.168.1.0/33', '192.168.1.0/024', '192.168.1/24', '/24', '192.168.1.0/24 '])('refuses %j', (text) => {
    const error = thrownDomainError(() => parseCidr(text, 'cidr'));
    expect(error.code).toBe('VALIDATION.INVALID_CIDR');
    expect(error.details.field).toBe('cidr');
  });

  it('refuses a value that is not a string', () => {
    expect(thrownDomainError(() => parseCidr(null as unknown as string)).code).toBe('VALIDATION.INVALID_CIDR');
  });
});

describe('prefix relations', () => {
  it.each([
    ['equal prefixes', '10.0.0.0/24', '10.0.0.0/24', true, true, '10.0.0.0/24'],
    ['a /24 in a /16', '10.0.3.0/24', '10.0.0.0/16', true, false, '10.0.3.0/24'],
    ['a /16 around a /24', '10.0.0.0/16', '10.0.3.0/24', true, true, '10.0.3.0/24'],
    ['adjacent prefixes', '10.0.0.0/24', '10.0.1.0/24', false, false, null],
    ['disjoint prefixes', '10.0.0.0/24', '192.168.0.0/16', false, false, null],
    ['everything and a host', '0.0.0.0/0', '255.255.255.255/32', true, true, '255.255.255.255/32'],
  ])('%s', (_label, a, b, overlap, aContainsB, intersection) => {
    expect(prefixesOverlap(p(a), p(b))).toBe(overlap);
    expect(prefixesOverlap(p(b), p(a))).toBe(overlap);
    expect(prefixContains(p(a), p(b))).toBe(aContainsB);
    const shared = prefixIntersection(p(a), p(b));
    expect(shared && formatCidr(shared)).toBe(intersection);
    expect(prefixIntersection(p(b), p(a))).toEqual(shared);
  });

  it('knows the last address and membership, including at the top of the address space', () => {
    expect(formatIpv4(lastAddress(p('10.0.0.0/24')))).toBe('10.0.0.255');
    expect(lastAddress(p('0.0.0.0/0'))).toBe(0xffffffff);
    expect(containsAddress(p('10.0.0.0/24'), parseIpv4('10.0.0.255'))).toBe(true);
    expect(containsAddress(p('10.0.0.0/24'), parseIpv4('10.0.1.0'))).toBe(false);
    expect(containsAddress(p('10.0.0.0/24'), parseIpv4('9.255.255.255'))).toBe(false);
  });

  it('orders prefixes by address, the containing one first', () => {
    const sorted = ['10.0.1.0/24', '10.0.0.0/24', '10.0.0.0/16', '9.0.0.0/8'].map(p).sort(comparePrefixes).map(formatCidr);
    expect(sorted).toEqual(['9.0.0.0/8', '10.0.0.0/16', '10.0.0.0/24', '10.0.1.0/24']);
  });
});

describe('alignUp', () => {
  it.each([
    ['10.0.0.5', 30, '10.0.0.8'],
    ['10.0.0.8', 30, '10.0.0.8'],
    ['10.0.0.1', 24, '10.0.1.0'],
    ['172.16.0.129', 25, '172.16.1.0'],
    ['10.0.0.0', 32, '10.0.0.0'],
  ])('%s aligned for a /%i is %s', (address, length, expected) => {
    expect(formatIpv4(alignUp(parseIpv4(address), length))).toBe(expected);
  });

  it('goes one past the last address when nothing fits above', () => {
    expect(alignUp(parseIpv4('255.255.255.1'), 24)).toBe(2 ** 32);
  });
});

describe('hostCidr and printable', () => {
  it('makes a host route', () => {
    expect(hostCidr('10.0.5.7')).toBe('10.0.5.7/32');
  });

  it.each([
    ['plain text', 'hello', 'hello'],
    ['control characters', 'a\nb\u0000c', 'a?b?c'],
    ['non-ASCII', 'café', 'caf?'],
    ['a long string', 'x'.repeat(100), `${'x'.repeat(61)}...`],
    ['a number', 42, '42'],
    ['an object', { a: 1 }, '{"a":1}'],
    ['undefined', undefined, 'undefined'],
  ])('printable keeps %s safe', (_label, value, expected) => {
    expect(printable(value)).toBe(expected);
  });
});
