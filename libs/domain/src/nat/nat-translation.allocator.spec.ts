import { formatCidr, parseCidr, prefixContains, prefixesOverlap } from '../net/ipv4';
import { assignNatTranslation } from './nat-translation.allocator';
import { thrownDomainError } from '../__fixtures__/thrown-domain-error';

const WAN_RANGES = ['10.0.0.0/24', '10.0.5.0/24'];

/** 172.16/12 full, and 192.168/16 full except its last /25: each half of what is left, down to /25. */
const ALL_BUT_LAST_SLASH_25 = [
  '172.16.0.0/12',
  '192.168.0.0/17',
  '192.168.128.0/18',
  '192.168.192.0/19',
  '192.168.224.0/20',
  '192.168.240.0/21',
  '192.168.248.0/22',
  '192.168.252.0/23',
  '192.168.254.0/24',
  '192.168.255.0/25',
];

describe('assignNatTranslation', () => {
  it.each<[string, string, string[], string]>([
    ['a /24 gets the first /24 of 172.16.0.0/12', '192.168.1.0/24', [], '172.16.0.0/24'],
    ['a /30 gets the first /30', '192.168.1.4/30', [], '172.16.0.0/30'],
    ['a /32 gets the first address', '192.168.1.9/32', [], '172.16.0.0/32'],
    ['a /12 takes the whole of 172.16.0.0/12', '10.16.0.0/12', [], '172.16.0.0/12'],
    ['the subnet itself, in 172.16, is skipped', '172.16.0.0/24', ['172.16.0.0/24'], '172.16.1.0/24'],
    ['a used block of the same size is skipped', '192.168.1.0/24', ['172.16.0.0/24', '172.16.1.0/24'], '172.16.2.0/24'],
    ['a larger used block is jumped over in one step', '192.168.1.0/24', ['172.16.0.0/16'], '172.17.0.0/24'],
    ['a smaller used block blocks the whole candidate', '192.168.1.0/24', ['172.16.0.128/25'], '172.16.1.0/24'],
    ['a smaller candidate fits beside a smaller used block', '192.168.1.0/25', ['172.16.0.128/25'], '172.16.0.0/25'],
    ['an unaligned end is rounded up to the next aligned block', '192.168.1.0/29', ['172.16.0.0/30'], '172.16.0.8/29'],
    ['overlapping and duplicate used prefixes merge', '192.168.1.0/24', ['172.16.0.0/23', '172.16.1.0/24', '172.16.0.0/23', '172.16.2.0/25'], '172.16.3.0/24'],
    ['a chain of adjacent used prefixes is skipped', '192.168.2.0/23', ['172.16.0.0/24', '172.16.1.0/24', '172.16.2.0/23'], '172.16.4.0/23'],
    ['prefixes outside the spaces do not matter', '192.168.1.0/24', ['10.0.0.0/8', '8.8.8.0/24', ...WAN_RANGES], '172.16.0.0/24'],
    ['falls back to 192.168.0.0/16 when 172.16.0.0/12 is full', '10.1.2.0/24', ['172.16.0.0/12'], '192.168.0.0/24'],
    ['in 192.168 it skips used blocks too', '10.1.2.0/24', ['172.16.0.0/12', '192.168.0.0/24', '192.168.1.0/24'], '192.168.2.0/24'],
    ['a /13 uses the second half of 172.16/12 when the first is taken', '10.8.0.0/13', ['172.16.0.0/16'], '172.24.0.0/13'],
  ])('%s', (_label, cidr, inUse, expected) => {
    expect(assignNatTranslation(cidr, inUse)).toBe(expected);
  });

  it('gives the same block whatever the order of the in-use list', () => {
    const inUse = ['172.16.2.0/24', '172.16.0.0/24', '192.168.0.0/16', '172.16.1.0/25', ...WAN_RANGES];
    const expected = assignNatTranslation('192.168.1.0/24', inUse);
    expect(expected).toBe('172.16.3.0/24');
    expect(assignNatTranslation('192.168.1.0/24', [...inUse].reverse())).toBe(expected);
    expect(assignNatTranslation('192.168.1.0/24', new Set(inUse))).toBe(expected);
  });

  it('keeps handing out fresh same-size blocks that overlap nothing used and stay out of 10/8', () => {
    const tenSlashEight = parseCidr('10.0.0.0/8');
    const inUse = [...WAN_RANGES, '172.16.0.0/24', '172.16.3.0/26'];
    for (let i = 0; i < 200; i++) {
      const translation = parseCidr(assignNatTranslation('10.9.0.0/23', inUse));
      expect(translation.length).toBe(23);
      expect(prefixesOverlap(translation, tenSlashEight)).toBe(false);
      for (const used of inUse) expect(prefixesOverlap(translation, parseCidr(used))).toBe(false);
      inUse.push(formatCidr(translation));
    }
    expect(prefixContains(parseCidr('172.16.0.0/12'), parseCidr(inUse[inUse.length - 1]!))).toBe(true);
  });

  it.each([
    ['both spaces are full', '10.1.2.0/24', ['172.16.0.0/12', '192.168.0.0/16']],
    ['only a fragment is free and too small', '10.1.2.0/24', ALL_BUT_LAST_SLASH_25],
    ['a /13 cannot fall back to the /16', '10.8.0.0/13', ['172.16.0.0/13', '172.24.0.0/13']],
    ['everything is in use', '192.168.1.0/24', ['0.0.0.0/0']],
  ])('reports exhaustion when %s', (_label, cidr, inUse) => {
    const error = thrownDomainError(() => assignNatTranslation(cidr, inUse, 'subnet'));
    expect(error.code).toBe('NAT.SPACE_EXHAUSTED');
    expect(error.details).toEqual({ field: 'subnet', cidr, reason: 'exhausted' });
    expect(error.message).toMatch(/Translate a smaller part of the subnet, or change one of the conflicting networks manually/);
  });

  it('uses the last free /25 of 192.168/16 before giving up', () => {
    expect(assignNatTranslation('10.1.2.0/25', ALL_BUT_LAST_SLASH_25)).toBe('192.168.255.128/25');
  });

  it.each([['/11', '10.0.0.0/11'], ['/8', '10.0.0.0/8'], ['/0', '0.0.0.0/0']])('refuses a %s as too large, with a clear reason', (_label, cidr) => {
    const error = thrownDomainError(() => assignNatTranslation(cidr, []));
    expect(error.code).toBe('NAT.SPACE_EXHAUSTED');
    expect(error.details).toEqual({ field: 'cidr', cidr, reason: 'too-large' });
    expect(error.message).toMatch(/too large to translate.*at most a \/12/);
  });

  it.each([
    ['the subnet', '192.168.1.5/24', [], 'cidr', 'VALIDATION.HOST_BITS_SET'],
    ['an in-use entry', '192.168.1.0/24', ['172.16.0.0/24', 'junk'], 'inUse[1]', 'VALIDATION.INVALID_CIDR'],
  ])('refuses a malformed %s, naming it', (_label, cidr, inUse, field, code) => {
    const error = thrownDomainError(() => assignNatTranslation(cidr, inUse));
    expect(error.code).toBe(code);
    expect(error.details.field).toBe(field);
  });
});
