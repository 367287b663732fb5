import { loadAppConfig } from '../config/app-config';

const load = (env: Record<string, string>) => loadAppConfig(env, '/srv/wom');

describe('TLS settings', () => {
  it('keeps loopback on plain HTTP by default, and serves HTTPS (generated) on any other HOST', () => {
    expect(load({})).toMatchObject({ tls: { mode: 'auto', enabled: false, files: null }, publicUrl: 'http://127.0.0.1:8080' });
    expect(load({ HOST: '0.0.0.0', AUTH_MODE: 'multi-user' })).toMatchObject({ tls: { enabled: true, files: null }, publicUrl: 'https://127.0.0.1:8080' });
    expect(load({ HOST: '10.0.0.5', TLS: 'off' })).toMatchObject({ tls: { enabled: false }, publicUrl: 'http://10.0.0.5:8080' });
  });

  it('serves given files on loopback too, resolving relative paths', () => {
    expect(load({ TLS_CERT: 'tls/cert.pem', TLS_KEY: '/etc/wom/key.pem' }).tls).toEqual({ mode: 'auto', enabled: true, files: { cert: '/srv/wom/tls/cert.pem', key: '/etc/wom/key.pem' }, redirectPort: null });
    expect(load({ TLS: 'on', HTTP_REDIRECT_PORT: '80' }).tls).toMatchObject({ enabled: true, redirectPort: 80 });
  });

  it.each([
    [{ TLS: 'maybe' }, /TLS: expected one of auto, on, off/],
    [{ TLS_CERT: '/c.pem' }, /TLS_CERT: TLS_CERT and TLS_KEY go together/],
    [{ TLS_KEY: '/k.pem' }, /TLS_KEY: TLS_CERT and TLS_KEY go together/],
    [{ TLS: 'off', TLS_CERT: '/c.pem', TLS_KEY: '/k.pem' }, /TLS: is off, but TLS_CERT and TLS_KEY are set/],
    [{ HTTP_REDIRECT_PORT: '80' }, /HTTP_REDIRECT_PORT: redirects to HTTPS, which is not served here/],
    [{ TLS: 'on', HTTP_REDIRECT_PORT: '99999' }, /HTTP_REDIRECT_PORT: expected a port from 1 to 65535/],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => load(env)).toThrow(message);
  });
});
