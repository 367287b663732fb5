import type { LocalSubnet } from '../model/wan.model';
import { formatCidr, parseCidr, prefixIntersection } from '../net/ipv4';
import { detectConflicts } from './conflict.detector';
import type { RoutingConflict, SubnetConflict } from './conflict.model';

const WAN = { tunnelIpRange: '10.0.0.0/24', sharedServicesRange: '10.0.5.0/24' };

/** A routed, untranslated subnet unless `extra` says otherwise. */
function subnet(id: string, peerId: string, cidr: string, extra: Partial<LocalSubnet> = {}): LocalSubnet {
  return { id, peerId, cidr, isRouted: true, natEnabled: false, natTranslatedCidr: null, ...extra };
}
const nat = (natTranslatedCidr: string): Partial<LocalSubnet> => ({ natEnabled: true, natTranslatedCidr });
const lanOnly: Partial<LocalSubnet> = { isRouted: false };

/** One line per conflict: easy to read in a table and to diff when a case fails. */
function summary(conflict: SubnetConflict): string {
  if (conflict.severity === 'critical') return `${conflict.id} @${conflict.overlap}`;
  const shadowed = conflict.shadowed.map((s) => `${s.subnetId}@${s.overlap}`).join(',');
  return `${conflict.id} ${conflict.kinds.join('+')} @${conflict.overlap}${shadowed ? ` shadows ${shadowed}` : ''}`;
}

function detect(subnets: LocalSubnet[], peerId?: string): string[] {
  return detectConflicts({ ...WAN, subnets }, { peerId }).map(summary);
}

describe('detectConflicts', () => {
  it.each<[string, LocalSubnet[], string[]]>([
    ['distinct LANs do not conflict', [subnet('a', 'p1', '192.168.1.0/24'), subnet('b', 'p2', '192.168.2.0/24')], []],
    ['adjacent prefixes do not conflict', [subnet('a', 'p1', '192.168.0.0/24'), subnet('b', 'p2', '192.168.1.0/24')], []],
    [
      'two peers routing the same /24 are ambiguous and shadow each other',
      [subnet('a', 'p1', '192.168.1.0/24'), subnet('b', 'p2', '192.168.1.0/24')],
      ['routing:a:b ambiguous-route+shadowed-route @192.168.1.0/24 shadows a@192.168.1.0/24,b@192.168.1.0/24'],
    ],
    [
      'a routed /24 inside another peer\'s routed /16 overlaps on the /24',
      [subnet('a', 'p1', '10.1.0.0/16'), subnet('b', 'p2', '10.1.2.0/24')],
      ['routing:a:b ambiguous-route+shadowed-route @10.1.2.0/24 shadows a@10.1.2.0/24,b@10.1.2.0/24'],
    ],
    [
      'NAT on both sides makes the conflict disappear',
      [subnet('a', 'p1', '192.168.1.0/24', nat('172.16.0.0/24')), subnet('b', 'p2', '192.168.1.0/24', nat('172.16.1.0/24'))],
      [],
    ],
    [
      'NAT on one side leaves its own LAN shadowed by the other route',
      [subnet('a', 'p1', '192.168.1.0/24', nat('172.16.0.0/24')), subnet('b', 'p2', '192.168.1.0/24')],
      ['routing:a:b shadowed-route @192.168.1.0/24 shadows a@192.168.1.0/24'],
    ],
    [
      'isolating one side plus NAT on the other resolves it',
      [subnet('a', 'p1', '192.168.1.0/24', lanOnly), subnet('b', 'p2', '192.168.1.0/24', nat('172.16.1.0/24'))],
      [],
    ],
    [
      'case (b): an unrouted LAN covered by another peer\'s route',
      [subnet('a', 'p1', '192.168.0.0/16', lanOnly), subnet('b', 'p2', '192.168.1.0/24')],
      ['routing:a:b shadowed-route @192.168.1.0/24 shadows a@192.168.1.0/24'],
    ],
    [
      'case (b): a translation landing on another peer\'s LAN',
      [subnet('a', 'p1', '192.168.1.0/24', nat('172.16.0.0/24')), subnet('b', 'p2', '172.16.0.0/22', lanOnly)],
      ['routing:a:b shadowed-route @172.16.0.0/24 shadows b@172.16.0.0/24'],
    ],
    [
      'two translations colliding are ambiguous without shadowing anyone',
      [subnet('a', 'p1', '192.168.1.0/24', nat('172.16.0.0/24')), subnet('b', 'p2', '192.168.9.0/24', nat('172.16.0.0/23'))],
      ['routing:a:b ambiguous-route @172.16.0.0/24'],
    ],
    ['two unrouted LANs never conflict', [subnet('a', 'p1', '192.168.1.0/24', lanOnly), subnet('b', 'p2', '192.168.1.0/24', lanOnly)], []],
    ['subnets of the same peer never conflict', [subnet('a', 'p1', '192.168.0.0/16'), subnet('b', 'p1', '192.168.1.0/24')], []],
    [
      'NAT enabled without a translation yet routes nothing, as in the compiler',
      [subnet('a', 'p1', '192.168.1.0/24', { natEnabled: true }), subnet('b', 'p2', '192.168.1.0/24', lanOnly)],
      [],
    ],
    [
      'a translation with NAT disabled is ignored',
      [subnet('a', 'p1', '192.168.1.0/24', { natTranslatedCidr: '172.16.0.0/24' }), subnet('b', 'p2', '192.168.1.0/24', lanOnly)],
      ['routing:a:b shadowed-route @192.168.1.0/24 shadows b@192.168.1.0/24'],
    ],
    [
      'three peers on one /24 give each pair once',
      [subnet('c', 'p3', '192.168.1.0/24'), subnet('a', 'p1', '192.168.1.0/24'), subnet('b', 'p2', '192.168.1.0/24', lanOnly)],
      [
        'routing:a:b shadowed-route @192.168.1.0/24 shadows b@192.168.1.0/24',
        'routing:a:c ambiguous-route+shadowed-route @192.168.1.0/24 shadows a@192.168.1.0/24,c@192.168.1.0/24',
        'routing:b:c shadowed-route @192.168.1.0/24 shadows b@192.168.1.0/24',
      ],
    ],
    ['critical: an unrouted LAN overlapping the tunnel range', [subnet('a', 'p1', '10.0.0.128/25', lanOnly)], ['critical:a:tunnel-range:cidr @10.0.0.128/25']],
    [
      'critical: a LAN covering both WAN ranges',
      [subnet('a', 'p1', '10.0.0.0/16')],
      ['critical:a:shared-services-range:cidr @10.0.5.0/24', 'critical:a:tunnel-range:cidr @10.0.0.0/24'],
    ],
    [
      'critical: a LAN under NAT still collides through its real cidr',
      [subnet('a', 'p1', '10.0.5.0/24', nat('172.16.0.0/24'))],
      ['critical:a:shared-services-range:cidr @10.0.5.0/24'],
    ],
    [
      'critical: a routed translation inside the shared-services range',
      [subnet('a', 'p1', '192.168.1.0/24', nat('10.0.5.0/25'))],
      ['critical:a:shared-services-range:nat-translation @10.0.5.0/25'],
    ],
    ['an unrouted subnet\'s translation is never announced', [subnet('a', 'p1', '192.168.1.0/24', { ...lanOnly, ...nat('10.0.5.0/25') })], []],
    [
      'critical conflicts come before routing ones',
      [subnet('a', 'p1', '192.168.1.0/24'), subnet('b', 'p2', '192.168.1.0/24'), subnet('z', 'p3', '10.0.0.0/30')],
      ['critical:z:tunnel-range:cidr @10.0.0.0/30', 'routing:a:b ambiguous-route+shadowed-route @192.168.1.0/24 shadows a@192.168.1.0/24,b@192.168.1.0/24'],
    ],
  ])('%s', (_label, subnets, expected) => {
    expect(detect(subnets)).toEqual(expected);
  });

  describe('peer filter', () => {
    const subnets = [
      subnet('a', 'p1', '192.168.1.0/24'),
      subnet('b', 'p2', '192.168.1.0/24'),
      subnet('c', 'p3', '172.16.0.0/24'),
      subnet('d', 'p4', '172.16.0.0/24'),
      subnet('e', 'p3', '10.0.0.0/29', lanOnly),
    ];

    it.each([
      ['p1', ['routing:a:b ambiguous-route+shadowed-route @192.168.1.0/24 shadows a@192.168.1.0/24,b@192.168.1.0/24']],
      ['p3', ['critical:e:tunnel-range:cidr @10.0.0.0/29', 'routing:c:d ambiguous-route+shadowed-route @172.16.0.0/24 shadows c@172.16.0.0/24,d@172.16.0.0/24']],
      ['p9', []],
    ])('%s sees only its own conflicts', (peerId, expected) => {
      expect(detect(subnets, peerId)).toEqual(expected);
    });

    it('without a filter sees everything', () => {
      expect(detect(subnets)).toHaveLength(3);
    });
  });

  it('fills both parties, the overlap, the message and every resolution of a routing conflict', () => {
    const [conflict] = detectConflicts({
      ...WAN,
      subnets: [subnet('s-2', 'p2', '192.168.1.0/24', nat('172.16.4.0/24')), subnet('s-1', 'p1', '192.168.1.0/24')],
      peerNames: new Map([['p1', 'Paris'], ['p2', 'Berlin']]),
    });
    expect(conflict).toEqual<RoutingConflict>({
      id: 'routing:s-1:s-2',
      severity: 'routing',
      kinds: ['shadowed-route'],
      a: { kind: 'subnet', peerId: 'p1', peerName: 'Paris', subnetId: 's-1', cidr: '192.168.1.0/24', routedAs: '192.168.1.0/24' },
      b: { kind: 'subnet', peerId: 'p2', peerName: 'Berlin', subnetId: 's-2', cidr: '192.168.1.0/24', routedAs: '172.16.4.0/24' },
      overlap: '192.168.1.0/24',
      shadowed: [{ subnetId: 's-2', overlap: '192.168.1.0/24' }],
      message: expect.stringContaining('Peer "Berlin" can\'t reach 192.168.1.0/24 at peer "Paris"'),
      resolutions: ['isolate', 'nat-translate', 'change-network', 'selective-routing'],
    });
    expect(conflict?.message).toContain('192.168.1.0/24 of peer "Berlin" (routed as 172.16.4.0/24)');
  });

  it('names the peer and the way out in an ambiguous conflict, falling back to the peer id', () => {
    const [conflict] = detectConflicts({ ...WAN, subnets: [subnet('a', 'p1', '192.168.1.0/24'), subnet('b', 'p2', '192.168.1.0/24')] });
    expect(conflict?.message).toMatch(/both routed and overlap at 192\.168\.1\.0\/24, so the WAN can't tell them apart/);
    expect(conflict?.message).toContain('of peer "p1"');
    expect(conflict?.message).toMatch(/Stop routing one of them/);
  });

  it.each([
    ['the real LAN: only renumbering helps', subnet('a', 'p1', '10.0.0.0/25'), 'tunnel-range', 'cidr', ['change-network'], /renumber the LAN or change the WAN's tunnel range/],
    [
      'a translation: re-translate, move the range or stop routing',
      subnet('a', 'p1', '192.168.1.0/24', nat('10.0.0.0/24')),
      'tunnel-range',
      'nat-translation',
      ['nat-translate', 'change-network', 'isolate'],
      /NAT translation 10\.0\.0\.0\/24 of subnet 192\.168\.1\.0\/24 \(peer "Lyon"\)/,
    ],
  ])('a critical overlap through %s', (_label, lan, rangeKind, via, resolutions, message) => {
    const [conflict] = detectConflicts({ ...WAN, subnets: [lan], peerNames: new Map([['p1', 'Lyon']]) });
    expect(conflict).toMatchObject({ severity: 'critical', via, b: { kind: rangeKind, cidr: '10.0.0.0/24' }, resolutions, a: { peerName: 'Lyon' } });
    expect(conflict?.message).toMatch(message);
  });

  it('gives the same result whatever the input order', () => {
    const subnets = [
      subnet('a', 'p1', '192.168.0.0/16', lanOnly),
      subnet('b', 'p2', '192.168.1.0/24'),
      subnet('c', 'p3', '192.168.1.0/25', nat('172.16.0.0/25')),
      subnet('d', 'p4', '172.16.0.0/24'),
    ];
    expect(detect(subnets)).toEqual([
      'routing:a:b shadowed-route @192.168.1.0/24 shadows a@192.168.1.0/24',
      'routing:b:c shadowed-route @192.168.1.0/25 shadows c@192.168.1.0/25',
      'routing:c:d ambiguous-route+shadowed-route @172.16.0.0/25 shadows d@172.16.0.0/25',
    ]);
    expect(detect([...subnets].reverse())).toEqual(detect(subnets));
  });

  it.each([
    ['a subnet cidr', { ...WAN, subnets: [subnet('a', 'p1', '192.168.1.1/24')] }, 'subnets[0].cidr'],
    ['a translation', { ...WAN, subnets: [subnet('a', 'p1', '192.168.1.0/24', nat('nope'))] }, 'subnets[0].natTranslatedCidr'],
    ['the tunnel range', { ...WAN, tunnelIpRange: '10.0.0.0/33', subnets: [] }, 'tunnelIpRange'],
    ['the shared range', { ...WAN, sharedServicesRange: '', subnets: [] }, 'sharedServicesRange'],
  ])('refuses an invalid %s, naming the field', (_label, input, field) => {
    expect(() => detectConflicts(input)).toThrow(expect.objectContaining({ details: expect.objectContaining({ field }) }));
  });

  it('handles 10,000 subnets, finding exactly the conflicts that exist', () => {
    // 5,000 branch offices with unique routed /24s, 5,000 home LANs on 192.168.1.0/24 that
    // stay local, and one newcomer routing 192.168.1.0/24, which shadows every home LAN.
    const subnets: LocalSubnet[] = [];
    for (let i = 0; i < 5_000; i++) subnets.push(subnet(`office-${i}`, `office-peer-${i}`, `172.${16 + (i >> 8)}.${i & 255}.0/24`));
    for (let i = 0; i < 5_000; i++) subnets.push(subnet(`home-${i}`, `home-peer-${i}`, '192.168.1.0/24', lanOnly));
    expect(detectConflicts({ ...WAN, subnets })).toEqual([]);
    subnets.push(subnet('newcomer', 'newcomer-peer', '192.168.1.0/24'));
    const conflicts = detectConflicts({ ...WAN, subnets });
    expect(conflicts).toHaveLength(5_000);
    expect(conflicts.every((c) => c.severity === 'routing' && c.kinds.join() === 'shadowed-route')).toBe(true);
  });

  it('agrees with a brute-force pairwise check on random WANs', () => {
    let seed = 12345;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const kindsSeen = new Set<string>();
    for (let round = 0; round < 50; round++) {
      const subnets: LocalSubnet[] = [];
      for (let i = 0; i < 30; i++) {
        const length = 22 + random(5);
        const base = (0xc0a80000 + random(16) * 256) & ~(2 ** (32 - length) - 1);
        const cidr = formatCidr({ base: base >>> 0, length });
        const translation = random(3) === 0 ? `172.16.${random(8)}.0/24` : null;
        subnets.push(subnet(`s${i}`, `p${random(8)}`, cidr, { isRouted: random(2) === 0, natEnabled: translation !== null, natTranslatedCidr: translation }));
      }
      const expected = bruteForce(subnets);
      expect(detect(subnets)).toEqual(expected);
      for (const line of expected) kindsSeen.add(line.split(' ')[1]!);
    }
    // The random WANs must exercise every combination, or the comparison proves little.
    expect([...kindsSeen].sort()).toEqual(['ambiguous-route', 'ambiguous-route+shadowed-route', 'shadowed-route']);
  });
});

/** The O(n²) definition the sweep must match, written as plainly as possible. */
function bruteForce(subnets: LocalSubnet[]): string[] {
  const route = (s: LocalSubnet) => (s.isRouted ? parseCidr(s.natEnabled && s.natTranslatedCidr ? s.natTranslatedCidr : s.cidr) : null);
  const out: string[] = [];
  for (const x of subnets) {
    for (const y of subnets) {
      if (x.id >= y.id || x.peerId === y.peerId) continue;
      const [rx, ry] = [route(x), route(y)];
      const ambiguous = rx && ry ? prefixIntersection(rx, ry) : null;
      const shadows: string[] = [];
      const xShadow = ry ? prefixIntersection(parseCidr(x.cidr), ry) : null;
      const yShadow = rx ? prefixIntersection(parseCidr(y.cidr), rx) : null;
      if (xShadow) shadows.push(`${x.id}@${formatCidr(xShadow)}`);
      if (yShadow) shadows.push(`${y.id}@${formatCidr(yShadow)}`);
      if (!ambiguous && shadows.length === 0) continue;
      const kinds = [...(ambiguous ? ['ambiguous-route'] : []), ...(shadows.length ? ['shadowed-route'] : [])].join('+');
      const overlap = ambiguous ? formatCidr(ambiguous) : shadows[0]!.split('@')[1];
      out.push(`routing:${x.id}:${y.id} ${kinds} @${overlap}${shadows.length ? ` shadows ${shadows.join(',')}` : ''}`);
    }
  }
  return out.sort();
}
