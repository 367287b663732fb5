import { formatIpv4, parseIpv4 } from '../net/ipv4';
import { AddressPool, allocateFirstFree } from './address-pool.allocator';
import { thrownDomainError } from '../__fixtures__/thrown-domain-error';

function allocateAll(pool: AddressPool): string[] {
  const out: string[] = [];
  while (pool.freeCount > 0) out.push(pool.allocate());
  return out;
}

describe('allocateFirstFree', () => {
  it.each([
    ['an empty /24 starts after the network address', '10.0.0.0/24', [], '10.0.0.1'],
    ['the lowest gap wins over the end', '10.0.0.0/24', ['10.0.0.1', '10.0.0.3'], '10.0.0.2'],
    ['taken order does not matter', '10.0.0.0/24', ['10.0.0.3', '10.0.0.1', '10.0.0.2'], '10.0.0.4'],
    ['duplicates in the taken list are harmless', '10.0.0.0/24', ['10.0.0.1', '10.0.0.1'], '10.0.0.2'],
    ['taken addresses outside the range are ignored', '10.0.5.0/24', ['10.0.0.1', '10.0.6.1'], '10.0.5.1'],
    ['a taken network address is ignored', '10.0.0.0/24', ['10.0.0.0'], '10.0.0.1'],
    ['a /30 hands out .1 first', '192.168.7.4/30', [], '192.168.7.5'],
    ['a /30 hands out .2 second', '192.168.7.4/30', ['192.168.7.5'], '192.168.7.6'],
    ['a /31 uses its first address', '192.168.7.4/31', [], '192.168.7.4'],
    ['a /31 uses its second address', '192.168.7.4/31', ['192.168.7.4'], '192.168.7.5'],
    ['a /32 is its own single address', '192.168.7.9/32', [], '192.168.7.9'],
    ['crosses a 32-bit word boundary', '10.0.0.0/24', Array.from({ length: 40 }, (_, i) => `10.0.0.${i + 1}`), '10.0.0.41'],
    ['the last usable address of a /24', '10.0.0.0/24', Array.from({ length: 253 }, (_, i) => `10.0.0.${i + 1}`), '10.0.0.254'],
    ['accepts any iterable', '10.0.0.0/29', new Set(['10.0.0.1']), '10.0.0.2'],
  ])('%s', (_label, range, taken, expected) => {
    expect(allocateFirstFree(range, taken)).toBe(expected);
  });

  it.each([
    ['a full /24', '10.0.0.0/24', Array.from({ length: 254 }, (_, i) => `10.0.0.${i + 1}`)],
    ['a full /30', '10.0.0.0/30', ['10.0.0.1', '10.0.0.2']],
    ['a full /31', '10.0.0.0/31', ['10.0.0.0', '10.0.0.1']],
    ['a full /32', '10.0.0.7/32', ['10.0.0.7']],
  ])('reports exhaustion of %s with the range and the way out', (_label, range, taken) => {
    const error = thrownDomainError(() => allocateFirstFree(range, taken, { field: 'tunnelIp' }));
    expect(error.code).toBe('IPAM.RANGE_EXHAUSTED');
    expect(error.details).toEqual({ field: 'tunnelIp', range });
    expect(error.message).toContain(range);
    expect(error.message).toMatch(/Release an unused address or widen the range/);
  });

  it('refuses a malformed taken address instead of silently ignoring it', () => {
    const error = thrownDomainError(() => allocateFirstFree('10.0.0.0/24', ['10.0.0.1', '10.0.0.999']));
    expect(error.code).toBe('VALIDATION.INVALID_IPV4');
    expect(error.details.field).toBe('taken');
  });

  it.each([
    ['host bits set', '10.0.0.1/24', 'VALIDATION.HOST_BITS_SET'],
    ['not a CIDR', '10.0.0.0', 'VALIDATION.INVALID_CIDR'],
    ['wider than /8', '10.0.0.0/7', 'IPAM.RANGE_TOO_LARGE'],
    ['everything', '0.0.0.0/0', 'IPAM.RANGE_TOO_LARGE'],
  ])('refuses a range with %s', (_label, range, code) => {
    const error = thrownDomainError(() => allocateFirstFree(range, [], { rangeField: 'tunnelIpRange' }));
    expect(error.code).toBe(code);
    expect(error.details.field).toBe('tunnelIpRange');
  });

  it('says how big a refused range is and what to do', () => {
    expect(thrownDomainError(() => allocateFirstFree('8.0.0.0/6', [])).message).toBe(
      '8.0.0.0/6 holds 67,108,864 addresses; an address pool takes at most a /8. Choose a smaller range.',
    );
  });

  it('accepts a /8, the widest range allowed', () => {
    expect(allocateFirstFree('10.0.0.0/8', ['10.0.0.1'])).toBe('10.0.0.2');
  });

  it('allocates correctly in a /16 with 60,000 addresses taken', () => {
    const base = parseIpv4('172.20.0.0');
    const hole = 45_678;
    const taken: string[] = [];
    for (let offset = 1; offset <= 60_001; offset++) if (offset !== hole) taken.push(formatIpv4(base + offset));
    const pool = new AddressPool('172.20.0.0/16', taken);
    expect(pool.freeCount).toBe(65_534 - 60_000);
    expect(pool.allocate()).toBe(formatIpv4(base + hole));
    expect(pool.allocate()).toBe(formatIpv4(base + 60_002));
    expect(pool.freeCount).toBe(65_534 - 60_002);
  });
});

describe('AddressPool', () => {
  it('hands out addresses in ascending order and never the network or broadcast', () => {
    const pool = new AddressPool('10.0.0.0/29');
    expect(pool.capacity).toBe(6);
    expect(allocateAll(pool)).toEqual(['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6']);
    expect(() => pool.allocate()).toThrow(expect.objectContaining({ code: 'IPAM.RANGE_EXHAUSTED' }));
  });

  it.each([
    ['/30', '10.0.0.0/30', ['10.0.0.1', '10.0.0.2']],
    ['/31', '10.0.0.0/31', ['10.0.0.0', '10.0.0.1']],
    ['/32', '10.0.0.0/32', ['10.0.0.0']],
  ])('a %s hands out exactly its usable addresses', (_label, range, expected) => {
    expect(allocateAll(new AddressPool(range))).toEqual(expected);
  });

  it('reuses the lowest gap after a release', () => {
    const pool = new AddressPool('10.0.0.0/24', ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']);
    pool.release('10.0.0.3');
    pool.release('10.0.0.2');
    expect(pool.allocate()).toBe('10.0.0.2');
    expect(pool.allocate()).toBe('10.0.0.3');
    expect(pool.allocate()).toBe('10.0.0.5');
  });

  it('reuses a gap in an earlier 32-bit word after later words filled up', () => {
    const pool = new AddressPool('10.0.0.0/24');
    for (let i = 0; i < 100; i++) pool.allocate();
    pool.release('10.0.0.7');
    expect(pool.allocate()).toBe('10.0.0.7');
    expect(pool.allocate()).toBe('10.0.0.101');
  });

  it('reserves a specific address, which allocation then skips', () => {
    const pool = new AddressPool('10.0.5.0/24');
    expect(pool.reserve('10.0.5.1')).toBe('10.0.5.1');
    expect(pool.isTaken('10.0.5.1')).toBe(true);
    expect(pool.isTaken('10.0.5.2')).toBe(false);
    expect(pool.freeCount).toBe(253);
    expect(pool.allocate()).toBe('10.0.5.2');
  });

  it('reports the network and broadcast addresses as not taken', () => {
    const pool = new AddressPool('10.0.0.0/30');
    allocateAll(pool);
    expect(pool.isTaken('10.0.0.0')).toBe(false);
    expect(pool.isTaken('10.0.0.3')).toBe(false);
    expect(pool.isTaken('10.0.0.1')).toBe(true);
  });

  it('refuses to reserve an address twice', () => {
    const pool = new AddressPool('10.0.0.0/24', [], { field: 'tunnelIp' });
    pool.reserve('10.0.0.9');
    const error = thrownDomainError(() => pool.reserve('10.0.0.9'));
    expect(error.code).toBe('IPAM.ALREADY_TAKEN');
    expect(error.details).toEqual({ field: 'tunnelIp', range: '10.0.0.0/24', address: '10.0.0.9' });
    expect(error.message).toMatch(/already taken.*release this one first/);
    expect(pool.freeCount).toBe(253);
  });

  it.each([
    ['network', '10.0.0.0'],
    ['broadcast', '10.0.0.255'],
  ])('refuses to reserve the %s address and names the usable range', (role, ip) => {
    const error = thrownDomainError(() => new AddressPool('10.0.0.0/24').reserve(ip));
    expect(error.code).toBe('IPAM.RESERVED_ADDRESS');
    expect(error.message).toContain(`${role} address`);
    expect(error.message).toContain('10.0.0.1 to 10.0.0.254');
    expect(error.details).toEqual({ field: 'ip', range: '10.0.0.0/24', address: ip });
  });

  it.each([
    ['reserve', (pool: AddressPool) => pool.reserve('10.0.1.1')],
    ['release', (pool: AddressPool) => pool.release('10.0.1.1')],
    ['isTaken', (pool: AddressPool) => pool.isTaken('10.0.1.1')],
  ])('%s refuses an address outside the range', (_label, action) => {
    const error = thrownDomainError(() => action(new AddressPool('10.0.0.0/24')));
    expect(error.code).toBe('IPAM.OUT_OF_RANGE');
    expect(error.details).toEqual({ field: 'ip', range: '10.0.0.0/24', address: '10.0.1.1' });
    expect(error.message).toMatch(/outside 10\.0\.0\.0\/24\. Pick an address inside the range/);
  });

  it('refuses to release a free address and leaves the count alone', () => {
    const pool = new AddressPool('10.0.0.0/24', ['10.0.0.1']);
    const error = thrownDomainError(() => pool.release('10.0.0.2'));
    expect(error.code).toBe('IPAM.NOT_ALLOCATED');
    expect(error.details.address).toBe('10.0.0.2');
    expect(pool.freeCount).toBe(253);
  });

  it('refuses to release the network address', () => {
    expect(thrownDomainError(() => new AddressPool('10.0.0.0/24').release('10.0.0.0')).code).toBe('IPAM.RESERVED_ADDRESS');
  });

  it('refuses a malformed address with the configured field', () => {
    const error = thrownDomainError(() => new AddressPool('10.0.0.0/24', [], { field: 'sharedIp' }).reserve('10.0.0.1; rm'));
    expect(error.code).toBe('VALIDATION.INVALID_IPV4');
    expect(error.details.field).toBe('sharedIp');
  });

  it('counts a taken address once however often it is listed', () => {
    const pool = new AddressPool('10.0.0.0/29', ['10.0.0.1', '10.0.0.1', '10.0.0.7', '10.0.0.0', '10.0.1.1']);
    expect(pool.freeCount).toBe(5);
    expect(pool.range).toBe('10.0.0.0/29');
  });

  it('fills a /22 completely, through every word, then refuses', () => {
    const pool = new AddressPool('10.8.0.0/22');
    const all = allocateAll(pool);
    expect(all).toHaveLength(1022);
    expect(new Set(all).size).toBe(1022);
    expect(all[0]).toBe('10.8.0.1');
    expect(all.at(-1)).toBe('10.8.3.254');
    expect(pool.freeCount).toBe(0);
    expect(() => pool.allocate()).toThrow(expect.objectContaining({ code: 'IPAM.RANGE_EXHAUSTED' }));
  });
});
