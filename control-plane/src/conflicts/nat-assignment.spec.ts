import { assignPendingTranslations } from './nat-assignment';

const WAN = { tunnelIpRange: '10.0.0.0/24', sharedServicesRange: '10.0.5.0/24' };
const subnet = (cidr: string, natEnabled = false, natTranslatedCidr: string | null = null) => ({ cidr, natEnabled, natTranslatedCidr });

describe('assignPendingTranslations', () => {
  it('leaves subnets without NAT or with a translation alone', () => {
    const given = [subnet('192.168.1.0/24'), subnet('192.168.2.0/24', true, '172.20.0.0/24')];
    expect(assignPendingTranslations(WAN, [], given)).toEqual(given);
  });

  it('picks the first 172.16/12 block clear of other peers and earlier assignments', () => {
    const others = [subnet('172.16.0.0/24'), subnet('192.168.9.0/24', true, '172.16.1.0/24')];
    const out = assignPendingTranslations(WAN, others, [subnet('192.168.1.0/24', true), subnet('192.168.3.0/25', true)]);
    expect(out.map((s) => s.natTranslatedCidr)).toEqual(['172.16.2.0/24', '172.16.3.0/25']);
  });

  it('avoids translations the request itself names', () => {
    const out = assignPendingTranslations(WAN, [], [subnet('192.168.1.0/24', true), subnet('192.168.2.0/24', true, '172.16.0.0/24')]);
    expect(out[0]!.natTranslatedCidr).toBe('172.16.1.0/24');
  });

  it('reports a subnet too large to translate against its field', () => {
    expect(() => assignPendingTranslations(WAN, [], [subnet('192.168.0.0/24'), subnet('100.64.0.0/10', true)])).toThrow(
      expect.objectContaining({ code: 'NAT.SPACE_EXHAUSTED', details: expect.objectContaining({ field: 'subnets[1].natTranslatedCidr' }) }),
    );
  });
});
