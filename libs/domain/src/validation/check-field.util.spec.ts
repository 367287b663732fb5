import { checkField } from './check-field.util';
import { validateDnsServers, validateMtu, validatePort } from './network.validator';
import { validateName } from './text.validator';

describe('checkField', () => {
  it('returns null for a valid value', () => {
    expect(checkField(validatePort, 51820, 'listenPort')).toBeNull();
  });

  it('collects every field error instead of stopping at the first', () => {
    const errors = [
      checkField(validateName, 'Paris;', 'name'),
      checkField(validatePort, 0, 'listenPort'),
      checkField(validateMtu, 1420, 'mtu'),
      checkField(validateDnsServers, ['1.1.1.1', 'x'], 'dns'),
    ].filter((error) => error !== null);
    expect(errors).toEqual([
      { field: 'name', code: 'VALIDATION.INVALID_NAME', reason: expect.stringContaining('name contains ";"') },
      { field: 'listenPort', code: 'VALIDATION.INVALID_PORT', reason: 'listenPort must be a whole number from 1 to 65535; got 0.' },
      { field: 'dns[1]', code: 'VALIDATION.INVALID_IPV4', reason: expect.stringMatching(/^dns\[1\]: "x" is not an IPv4 address/) },
    ]);
  });

  it('rethrows what is not a DomainError, because that is a bug rather than bad input', () => {
    const broken = (): never => {
      throw new TypeError('boom');
    };
    expect(() => checkField(broken, 1, 'x')).toThrow(TypeError);
  });
});
