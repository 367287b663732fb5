import { describe, expect, it } from '@jest/globals';
import { detectConflicts, PEER_TYPES, validateCidr, validateName, type LocalSubnet } from '@wom/domain';
import { DEMO_PLAN, demoPeerNames, overlappingOfficeLans, type DemoPlan } from './demo-plan';

/** The plan's subnets as the domain sees them, peer names standing in for ids. */
function planSubnets(plan: DemoPlan, natTranslatedCidr: string | null = null): LocalSubnet[] {
  const peers = [plan.hub, ...plan.servers, ...plan.laptops].map((p) => ({ name: p.name, subnets: p.subnets }));
  const offices = plan.offices.map((o) => ({ name: o.name, subnets: [o.lan] }));
  return [...offices, ...peers].flatMap(({ name, subnets }) =>
    subnets.map((subnet, i) => {
      const translated = natTranslatedCidr !== null && name === plan.natTranslated.office && subnet.cidr === plan.natTranslated.cidr;
      return { id: `${name}-${i}`, peerId: name, cidr: subnet.cidr, isRouted: true, natEnabled: translated, natTranslatedCidr: translated ? natTranslatedCidr : null };
    }),
  );
}

describe('demo seed plan', () => {
  it('has three MikroTik offices, two servers, three laptops, a hub and two services', () => {
    expect(DEMO_PLAN.offices).toHaveLength(3);
    expect(DEMO_PLAN.servers.map((s) => s.type)).toEqual(['server', 'server']);
    expect(DEMO_PLAN.laptops.map((l) => l.type)).toEqual(['client', 'client', 'client']);
    expect(DEMO_PLAN.hub.type).toBe('hub');
    expect(DEMO_PLAN.services).toHaveLength(2);
    expect(DEMO_PLAN.offices.some((o) => o.useSsl) && DEMO_PLAN.offices.some((o) => !o.useSsl)).toBe(true);
  });

  it('uses unique names the API accepts and valid networks', () => {
    const names = demoPeerNames(DEMO_PLAN);
    expect(names[0]).toBe('hub');
    expect(new Set(names).size).toBe(names.length);
    for (const name of [...names, ...DEMO_PLAN.services.map((s) => s.name)]) expect(validateName(name, 'name')).toBe(name);
    for (const subnet of planSubnets(DEMO_PLAN)) expect(validateCidr(subnet.cidr, 'cidr')).toBe(subnet.cidr);
    for (const peer of [DEMO_PLAN.hub, ...DEMO_PLAN.servers, ...DEMO_PLAN.laptops]) expect(PEER_TYPES).toContain(peer.type);
  });

  it('puts two offices on one LAN and the third on its own', () => {
    expect(overlappingOfficeLans(DEMO_PLAN)).toEqual([{ cidr: '192.168.1.0/24', offices: ['office-berlin', 'office-hamburg'] }]);
    expect(DEMO_PLAN.natTranslated).toEqual({ office: 'office-hamburg', cidr: '192.168.1.0/24' });
  });

  it('conflicts only on the shared office LAN, and not at all once it is NAT-translated', () => {
    const ranges = { tunnelIpRange: DEMO_PLAN.wan.tunnelIpRange, sharedServicesRange: DEMO_PLAN.wan.sharedServicesRange };
    const before = detectConflicts({ ...ranges, subnets: planSubnets(DEMO_PLAN) });
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ severity: 'routing', a: { peerId: 'office-berlin' }, b: { peerId: 'office-hamburg' } });
    // What the conflict API's nat-translate assigns first: the lowest free /24 of 172.16.0.0/12.
    const after = detectConflicts({ ...ranges, subnets: planSubnets(DEMO_PLAN, '172.16.0.0/24') });
    expect(after.filter((c) => c.severity === 'critical')).toEqual([]);
    expect(after.every((c) => c.severity === 'routing' && c.kinds.every((k) => k === 'shadowed-route'))).toBe(true);
  });

  it('hosts every service on a peer of the plan, inside that peer\'s LAN', () => {
    const lans = new Map<string, string[]>([...DEMO_PLAN.offices.map((o) => [o.name, [o.lan.cidr]] as [string, string[]]), ...DEMO_PLAN.servers.map((s) => [s.name, s.subnets.map((n) => n.cidr)] as [string, string[]])]);
    for (const service of DEMO_PLAN.services) {
      const cidrs = lans.get(service.host);
      expect(cidrs).toBeDefined();
      // Every LAN of the plan is a /24, so the first three octets decide membership.
      expect(cidrs!.some((cidr) => cidr.split('.').slice(0, 3).join('.') === service.localIp.split('.').slice(0, 3).join('.'))).toBe(true);
    }
    expect(new Set(DEMO_PLAN.services.map((s) => `${s.protocol}/${s.sharedPort}`)).size).toBe(DEMO_PLAN.services.length);
  });

  it('finds no overlap in a plan whose offices all differ', () => {
    const distinct: DemoPlan = { ...DEMO_PLAN, offices: DEMO_PLAN.offices.map((o, i) => ({ ...o, lan: { ...o.lan, cidr: `192.168.${10 + i}.0/24` } })) };
    expect(overlappingOfficeLans(distinct)).toEqual([]);
  });
});
