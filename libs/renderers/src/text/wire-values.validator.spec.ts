import { thrownDomainError } from '../../../domain/src/__fixtures__/thrown-domain-error';
import { parseCidrField } from './wire-values.validator';

// The value rules themselves are the domain's and are specified in libs/domain/src/validation;
// this covers only the glue renderers add on top.
describe('parseCidrField', () => {
  it('returns the prefix of a network', () => {
    expect(parseCidrField('10.0.0.0/8', 'cidr')).toEqual({ base: 0x0a000000, length: 8 });
    expect(parseCidrField('192.168.1.0/24', 'cidr')).toEqual({ base: 0xc0a80100, length: 24 });
  });

  it.each<[string, unknown, string]>([
    ['a network with host bits set', '192.168.1.5/24', 'VALIDATION.HOST_BITS_SET'],
    ['a network with a newline', '10.0.0.0/8\n[Peer]', 'VALIDATION.INVALID_CIDR'],
    ['an address without a prefix', '10.0.0.1', 'VALIDATION.INVALID_CIDR'],
    ['a number', 7, 'VALIDATION.INVALID_CIDR'],
  ])('rejects %s with the domain code, naming the field first', (_label, value, code) => {
    const error = thrownDomainError(() => parseCidrField(value, 'netmap[0].realCidr'));
    expect(error.code).toBe(code);
    expect(error.details.field).toBe('netmap[0].realCidr');
    expect(error.message.startsWith('netmap[0].realCidr')).toBe(true);
  });
});
