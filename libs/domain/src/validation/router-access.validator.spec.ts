import { validateCaCertificate, validateRouterPassword, validateRouterUsername } from './router-access.validator';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2VydGlmaWNhdGVGb3JUZXN0aW5nMAoGCCqGSM49BAMC\nMBQxEjAQBgNVBAMMCXRlc3QtY2EwHhcNMjYwMTAxMDAwMDAwWhcNMzYwMTAxMDAw\n-----END CERTIFICATE-----\n';

describe('router access validators', () => {
  it.each(['wom-api', 'admin', 'noc.bot@site1', 'a'])('accepts the user name %j', (name) => {
    expect(validateRouterUsername(name, 'mikrotik.username')).toBe(name);
  });

  it.each([
    ['', 'must not be empty'],
    ['user:name', 'contains ":"'],
    ['wom api', 'contains a space'],
    ['x'.repeat(65), 'at most 64'],
    ['"; /system reset-configuration', 'contains """'],
    ['ünï', 'RouterOS user names may use'],
  ])('refuses the user name %j naming the field', (name, why) => {
    expect(() => validateRouterUsername(name, 'mikrotik.username')).toThrow(expect.objectContaining({ code: 'VALIDATION.INVALID_NAME', details: { field: 'mikrotik.username' } }));
    expect(() => validateRouterUsername(name, 'mikrotik.username')).toThrow(why);
  });

  it('accepts printable passwords, colons and spaces included, and refuses the rest', () => {
    expect(validateRouterPassword('p@ss: w0rd "$x"', 'mikrotik.password')).toBe('p@ss: w0rd "$x"');
    for (const bad of ['', 'line\nbreak', 'nul\u0000', 'é', 'x'.repeat(129), 42, null]) {
      expect(() => validateRouterPassword(bad, 'mikrotik.password')).toThrow(expect.objectContaining({ code: 'VALIDATION.INVALID_PASSWORD', details: { field: 'mikrotik.password' } }));
    }
  });

  it('accepts PEM certificates and normalises the trailing newline', () => {
    expect(validateCaCertificate(PEM.trim(), 'mikrotik.caCertificate')).toBe(PEM);
    expect(validateCaCertificate(PEM + PEM, 'mikrotik.caCertificate')).toBe(PEM + PEM);
  });

  it.each([
    ['a private key', PEM.replace(/CERTIFICATE/g, 'PRIVATE KEY')],
    ['script text', `${PEM}/system reset-configuration\n`],
    ['an empty string', ''],
    ['a huge blob', `-----BEGIN CERTIFICATE-----\n${'QUFB\n'.repeat(5000)}-----END CERTIFICATE-----\n`],
  ])('refuses %s as a CA certificate', (_what, text) => {
    expect(() => validateCaCertificate(text, 'mikrotik.caCertificate')).toThrow(expect.objectContaining({ code: 'VALIDATION.UNSAFE_TEXT', details: { field: 'mikrotik.caCertificate' } }));
  });
});
