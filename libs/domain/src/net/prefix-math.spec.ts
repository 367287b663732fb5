import { parseCidr } from './ipv4';
import { subtractPrefixesAsCidrs } from './prefix-math';

const p = (cidr: string) => parseCidr(cidr);

describe('subtractPrefixes', () => {
  it.each([
    ['no holes keeps the range', '10.0.0.0/24', [], ['10.0.0.0/24']],
    ['a hole outside the range changes nothing', '10.0.0.0/24', ['10.0.1.7/32'], ['10.0.0.0/24']],
    ['a hole covering the range leaves nothing', '10.0.0.0/24', ['10.0.0.0/16'], []],
    ['the range itself leaves nothing', '10.0.0.0/24', ['10.0.0.0/24'], []],
    [
      'one host splits the range into aligned blocks',
      '10.0.0.0/24',
      ['10.0.0.7/32'],
      ['10.0.0.0/30', '10.0.0.4/31', '10.0.0.6/32', '10.0.0.8/29', '10.0.0.16/28', '10.0.0.32/27', '10.0.0.64/26', '10.0.0.128/25'],
    ],
    ['the upper half out leaves the lower half', '10.0.0.0/24', ['10.0.0.128/25'], ['10.0.0.0/25']],
    ['two holes in order or not give the same cover', '10.0.0.0/29', ['10.0.0.6/32', '10.0.0.1/32'], ['10.0.0.0/32', '10.0.0.2/31', '10.0.0.4/31', '10.0.0.7/32']],
  ])('%s', (_label, range, holes, expected) => {
    expect(subtractPrefixesAsCidrs(p(range), holes.map(p))).toEqual(expected);
  });

  it('covers exactly the addresses not in a hole', () => {
    const range = p('192.168.0.0/26');
    const holes = ['192.168.0.3/32', '192.168.0.16/30', '192.168.0.40/29'].map(p);
    const cover = subtractPrefixesAsCidrs(range, holes).map(p);
    for (let address = range.base; address < range.base + 64; address++) {
      const inHole = holes.some((h) => address >= h.base && address < h.base + 2 ** (32 - h.length));
      const covered = cover.filter((c) => address >= c.base && address < c.base + 2 ** (32 - c.length)).length;
      expect(covered).toBe(inHole ? 0 : 1);
    }
  });
});
