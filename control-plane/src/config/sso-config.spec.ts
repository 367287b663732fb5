import { loadAppConfig } from './app-config';

const OIDC = { AUTH_MODE: 'multi-user', OIDC_ISSUER: 'https://login.example.com/realms/noc', OIDC_CLIENT_ID: 'wom', OIDC_ROLE_MAP: 'noc-admins=admin,*=viewer' };

describe('single sign-on settings', () => {
  it('fills the defaults around issuer, client and role map', () => {
    expect(loadAppConfig({ ...OIDC, PUBLIC_URL: 'https://wom.example.com' }, '/srv').sso).toEqual({
      oidc: {
        issuer: 'https://login.example.com/realms/noc',
        clientId: 'wom',
        clientSecret: null,
        redirectUrl: 'https://wom.example.com/api/auth/oidc/callback',
        scopes: 'openid profile email',
        roleClaim: 'groups',
        roleMap: [{ group: 'noc-admins', role: 'admin' }, { group: '*', role: 'read-only' }],
        displayName: 'login.example.com',
      },
      localLogin: true,
    });
  });

  it('reads every variable', () => {
    const env = { ...OIDC, OIDC_CLIENT_SECRET: 's3cret', OIDC_REDIRECT_URL: 'https://noc.example.com/api/auth/oidc/callback', OIDC_SCOPES: 'openid,groups', OIDC_ROLE_CLAIM: 'realm_access.roles', OIDC_DISPLAY_NAME: 'Keycloak', LOCAL_LOGIN: 'OFF' };
    expect(loadAppConfig(env, '/srv').sso).toMatchObject({ oidc: { clientSecret: 's3cret', redirectUrl: 'https://noc.example.com/api/auth/oidc/callback', scopes: 'openid groups', roleClaim: 'realm_access.roles', displayName: 'Keycloak' }, localLogin: false });
  });

  it.each([
    ['a plain-http issuer off loopback', { OIDC_ISSUER: 'http://login.example.com' }, /OIDC_ISSUER.*https/],
    ['an issuer without a client id', { OIDC_CLIENT_ID: '' }, /OIDC_CLIENT_ID: required/],
    ['an issuer without a role map', { OIDC_ROLE_MAP: '' }, /OIDC_ROLE_MAP: required/],
    ['an unknown role', { OIDC_ROLE_MAP: 'noc=root' }, /OIDC_ROLE_MAP.*"noc=root"/],
    ['scopes without openid', { OIDC_SCOPES: 'profile email' }, /OIDC_SCOPES/],
    ['LOCAL_LOGIN other than on or off', { LOCAL_LOGIN: 'maybe' }, /LOCAL_LOGIN: expected on or off/],
  ])('refuses %s', (_label, change, message) => {
    expect(() => loadAppConfig({ ...OIDC, ...change }, '/srv')).toThrow(message);
  });

  it('refuses LOCAL_LOGIN=off without single sign-on, which would lock everyone out', () => {
    expect(() => loadAppConfig({ AUTH_MODE: 'multi-user', LOCAL_LOGIN: 'off' }, '/srv')).toThrow(/LOCAL_LOGIN: off needs single sign-on/);
  });

  it('takes a provider on loopback over plain http (a lab)', () => {
    expect(loadAppConfig({ ...OIDC, OIDC_ISSUER: 'http://127.0.0.1:9000' }, '/srv').sso.oidc?.issuer).toBe('http://127.0.0.1:9000');
  });
});
