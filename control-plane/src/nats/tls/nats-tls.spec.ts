import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { natsTlsNames } from './nats-tls';
import { issueCertificate } from './x509';

describe('NATS TLS names and certificates', () => {
  it.each([
    ['a public host name and a wildcard listen address', { publicUrl: 'https://WOM.example.com', listen: '0.0.0.0', agentUrls: [] }, ['127.0.0.1', '::1', 'localhost', 'wom.example.com']],
    ['agent URLs and a listen address', { publicUrl: 'http://192.0.2.10:8080', listen: '192.0.2.10', agentUrls: ['tls://nats.example.com:4222', 'tls://[2001:db8::7]:4222'] }, ['127.0.0.1', '192.0.2.10', '2001:db8::7', '::1', 'localhost', 'nats.example.com']],
    ['extra names for containers', { publicUrl: 'http://localhost:8080', listen: null, agentUrls: [], extra: ['nats'] }, ['127.0.0.1', '::1', 'localhost', 'nats']],
  ])('names %s, loopback always', (_what, input, expected) => {
    expect(natsTlsNames(input)).toEqual(expected);
  });

  it('issues a CA and a server certificate it signs, for host names and IPv4 and IPv6 addresses', () => {
    const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const server = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const now = new Date('2026-01-01T00:00:00Z');
    const caPem = issueCertificate({ subject: 'test CA', publicKey: ca.publicKey, issuer: { name: 'test CA', ...ca }, notBefore: now, notAfter: new Date('2060-01-01T00:00:00Z'), ca: true });
    const pem = issueCertificate({ subject: 'server', publicKey: server.publicKey, issuer: { name: 'test CA', ...ca }, notBefore: now, notAfter: new Date('2028-01-01T00:00:00Z'), ca: false, altNames: ['nats.example.com', '192.0.2.1', '2001:db8::1', '::1'] });
    const [authority, certificate] = [new X509Certificate(caPem), new X509Certificate(pem)];
    expect(authority.ca).toBe(true);
    expect(authority.verify(ca.publicKey)).toBe(true);
    expect(certificate.ca).toBe(false);
    expect(certificate.verify(ca.publicKey)).toBe(true);
    expect(certificate.checkIssued(authority)).toBe(true);
    expect(certificate.checkHost('nats.example.com')).toBe('nats.example.com');
    expect(certificate.checkHost('other.example.com')).toBeUndefined();
    expect(['192.0.2.1', '2001:db8::1', '::1'].map((ip) => certificate.checkIP(ip))).toEqual(['192.0.2.1', '2001:db8::1', '::1']);
    expect(new Date(authority.validTo).getUTCFullYear()).toBe(2060);
    expect(certificate.keyUsage ?? []).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1']));
  });
});
