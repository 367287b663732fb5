import { thrownDomainError } from '../../../domain/src/__fixtures__/thrown-domain-error';
import { routerOsEndpointHost, routerOsListName } from './routeros-value.validator';

describe('routerOsListName', () => {
  it('accepts the names we derive from interface names', () => {
    expect(routerOsListName('wom-wg-wan-overlay', 'interface.name')).toBe('wom-wg-wan-overlay');
  });

  it.each(['', '-wom', 'wom list', 'wom"x', 'w'.repeat(65)])('refuses %p, naming the field', (name) => {
    expect(() => routerOsListName(name, 'interface.name')).toThrow(expect.objectContaining({ code: 'VALIDATION.INVALID_NAME', details: { field: 'interface.name' } }));
  });
});

describe('routerOsEndpointHost', () => {
  it.each([
    ['2001:db8::1', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['203.0.113.10', '203.0.113.10'],
    ['VPN.example.net', 'vpn.example.net'],
  ])('writes %s as %s, bare and in lower case', (host, written) => {
    expect(routerOsEndpointHost(host, 'peers[0].endpoint.host')).toBe(written);
  });

  it.each(['[2001:db8::1', '[]', '1.2.3', 'a b', ':::::'])('refuses %p with the domain code, naming the field', (host) => {
    const error = thrownDomainError(() => routerOsEndpointHost(host, 'peers[0].endpoint.host'));
    expect(error.code).toBe('VALIDATION.INVALID_ENDPOINT');
    expect(error.details.field).toBe('peers[0].endpoint.host');
  });
});
