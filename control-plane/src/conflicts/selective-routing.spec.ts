import { checkSelectiveCidrs } from './selective-routing';

describe('checkSelectiveCidrs', () => {
  it('accepts disjoint parts inside the subnet, canonicalised', () => {
    expect(checkSelectiveCidrs('192.168.1.0/24', ['192.168.1.128/25', '192.168.1.64/26'])).toEqual(['192.168.1.128/25', '192.168.1.64/26']);
  });

  it.each([
    ['outside the subnet', ['192.168.2.0/25'], 'allowedCidrs[0]'],
    ['the whole subnet', ['192.168.1.0/24'], 'allowedCidrs[0]'],
    ['overlapping parts', ['192.168.1.0/25', '192.168.1.64/26'], 'allowedCidrs[1]'],
  ])('refuses %s', (_what, allowed, field) => {
    expect(() => checkSelectiveCidrs('192.168.1.0/24', allowed)).toThrow(
      expect.objectContaining({ code: 'CONFLICT.INVALID_RESOLUTION', details: { fields: [expect.objectContaining({ field })] } }),
    );
  });
});
