import type { AddressInfo } from 'node:net';
import { TestBrowser } from './harness/browser';
import { startTestIdentityProvider, type TestIdentityProvider } from './harness/oidc-test-provider';
import { startMultiUserApp, type MultiUserTestApp } from './harness/test-app';

/** Registered at the provider; the browser is sent on from it to wherever the control plane listens. */
const REDIRECT_URL = 'http://127.0.0.1:9/api/auth/oidc/callback';
const ENV = { RATE_LIMIT_AUTH: '0', RATE_LIMIT_DEFAULT: '0', AUTH_FAILURES_PER_ADDRESS: '0', AUTH_FAILURES_PER_ACCOUNT: '0', OIDC_REDIRECT_URL: REDIRECT_URL, OIDC_SCOPES: 'openid profile email groups', OIDC_DISPLAY_NAME: 'Test IdP' };

interface Started {
  readonly t: MultiUserTestApp;
  readonly origin: string;
}

async function listening(env: Record<string, string>): Promise<Started> {
  const t = await startMultiUserApp({ ...ENV, ...env });
  await t.app.listen(0, '127.0.0.1');
  return { t, origin: `http://127.0.0.1:${(t.http.address() as AddressInfo).port}` };
}

describe('single sign-on with a real OpenID Connect provider (real PostgreSQL)', () => {
  let idp: TestIdentityProvider;
  let cp: Started;

  beforeAll(async () => {
    idp = await startTestIdentityProvider(REDIRECT_URL);
    cp = await listening({ OIDC_ISSUER: idp.issuer, OIDC_CLIENT_ID: idp.clientId, OIDC_CLIENT_SECRET: idp.clientSecret, OIDC_ROLE_MAP: 'noc-admins=admin,noc=operator,staff=viewer' });
  });
  afterAll(async () => {
    await cp?.t.close();
    await idp?.stop();
  });

  /**
   * Clicks "Sign in with Test IdP", signs in at the provider as `account` and consents (or
   * cancels), and returns where the control plane's callback sends the browser.
   */
  async function signIn(browser: TestBrowser, account: string, options: { cancel?: boolean; tamper?: (callback: URL) => void } = {}): Promise<string> {
    const start = await browser.request(`${cp.origin}/api/auth/oidc/login`);
    expect(start.status).toBe(302);
    let location = new URL(start.headers.get('location')!, cp.origin);
    for (let step = 0; step < 6 && location.origin === idp.issuer; step++) {
      const { response, location: leaving } = await browser.follow(location.href, (l) => l.origin !== idp.issuer);
      if (leaving !== null) {
        location = leaving;
        break;
      }
      const page = await response.text();
      const action = new URL(/action="([^"]+)"/.exec(page)![1]!.replace(/&amp;/g, '&'), idp.issuer);
      const prompt = /name="prompt" value="(\w+)"/.exec(page)![1];
      if (options.cancel && prompt === 'consent') {
        location = new URL(/href="([^"]+\/abort)"/.exec(page)![1]!, idp.issuer);
        continue;
      }
      const submitted = await browser.request(action.href, { form: prompt === 'login' ? { prompt, login: account, password: 'any' } : { prompt: prompt! } });
      location = new URL(submitted.headers.get('location')!, action);
    }
    expect(location.href.startsWith(REDIRECT_URL)).toBe(true);
    const callback = new URL(`${cp.origin}${location.pathname}${location.search}`);
    options.tamper?.(callback);
    const answer = await browser.request(callback.href);
    expect({ status: answer.status, cacheControl: answer.headers.get('cache-control') }).toEqual({ status: 302, cacheControl: 'no-store' });
    return answer.headers.get('location')!;
  }

  /** What the console does on `/` after the redirect: renew through the refresh cookie, then ask who it is. */
  async function consoleSession(browser: TestBrowser): Promise<{ token: string; me: { kind: string; name: string; role: string; mustChangePassword: boolean } }> {
    const refreshed = await browser.request(`${cp.origin}/api/auth/refresh`, { method: 'POST' });
    expect(refreshed.status).toBe(200);
    const token = ((await refreshed.json()) as { accessToken: string }).accessToken;
    const me = await browser.request(`${cp.origin}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    return { token, me: (await me.json()) as { kind: string; name: string; role: string; mustChangePassword: boolean } };
  }

  const auditOf = async (action: string) => {
    const rows = await cp.t.database.manager.query(`SELECT actor_type, actor_name, resource_id, after FROM audit_log WHERE action = $1 ORDER BY at`, [action]);
    return rows as { actor_type: string; actor_name: string | null; resource_id: string | null; after: Record<string, unknown> }[];
  };

  it('tells the console that single sign-on and password login are both on', async () => {
    const res = await fetch(`${cp.origin}/api/auth/providers`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sso: { name: 'Test IdP', loginUrl: '/api/auth/oidc/login' }, localLogin: true });
  });

  it.each([
    ['alice', ['noc-admins'], 'admin'],
    ['bob', ['noc'], 'operator'],
    ['carol', ['staff', 'sales'], 'read-only'],
    ['dave', ['noc', 'noc-admins'], 'admin'],
  ])('signs %s in with groups %p as %s: a session whose cookie renews the console', async (account, groups, role) => {
    idp.setGroups(account, groups);
    const browser = new TestBrowser();
    const start = await browser.request(`${cp.origin}/api/auth/oidc/login`);
    // The flow cookie must come back on the provider's cross-site redirect, so it is Lax; HttpOnly either way.
    expect(start.headers.getSetCookie().find((c) => c.startsWith('wom_oidc='))).toMatch(/HttpOnly/i);
    expect(start.headers.getSetCookie().find((c) => c.startsWith('wom_oidc='))).toMatch(/SameSite=Lax/i);
    expect(start.headers.get('cache-control')).toBe('no-store');
    const authorize = new URL(start.headers.get('location')!);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({ client_id: idp.clientId, response_type: 'code', code_challenge_method: 'S256', redirect_uri: REDIRECT_URL, state: expect.any(String), nonce: expect.any(String) });

    expect(await signIn(browser, account)).toBe('/');
    expect(browser.cookie(cp.origin, 'wom_refresh')).toBeDefined();
    expect(browser.cookie(cp.origin, 'wom_oidc')).toBeUndefined();
    const { me } = await consoleSession(browser);
    expect(me).toEqual({ kind: 'user', id: expect.any(String), name: account, role, mustChangePassword: false });
    const [row] = await cp.t.database.manager.query(`SELECT password_hash, external_issuer, external_subject FROM app_user WHERE username = $1`, [account]);
    expect(row).toEqual({ password_hash: null, external_issuer: idp.issuer, external_subject: account });
    expect((await auditOf('auth.oidc-login')).filter((r) => r.actor_name === account)).toEqual([expect.objectContaining({ actor_type: 'user', after: expect.objectContaining({ role, created: true }) })]);
  });

  it('follows the provider’s groups at the next sign-in, ending the sessions of the old role', async () => {
    idp.setGroups('erin', ['noc-admins']);
    const first = new TestBrowser();
    expect(await signIn(first, 'erin')).toBe('/');
    const before = await consoleSession(first);
    expect(before.me.role).toBe('admin');

    idp.setGroups('erin', ['noc']);
    const second = new TestBrowser();
    expect(await signIn(second, 'erin')).toBe('/');
    expect((await consoleSession(second)).me.role).toBe('operator');
    // The admin session ended with the demotion.
    expect((await first.request(`${cp.origin}/api/auth/refresh`, { method: 'POST' })).status).toBe(401);
    const [count] = await cp.t.database.manager.query(`SELECT count(*)::int AS n FROM app_user WHERE username LIKE 'erin%'`);
    expect(count.n).toBe(1);
  });

  it('refuses a user none of whose groups has a role, creating no account', async () => {
    idp.setGroups('mallory', ['sales']);
    expect(await signIn(new TestBrowser(), 'mallory')).toBe('/login?error=no-role');
    expect(await cp.t.database.manager.query(`SELECT id FROM app_user WHERE username = 'mallory'`)).toEqual([]);
    expect(await auditOf('auth.oidc-login-refused')).toEqual(expect.arrayContaining([expect.objectContaining({ actor_type: 'anonymous', after: { reason: 'no-role', detail: expect.stringContaining('OIDC_ROLE_MAP'), subject: 'mallory', groups: ['sales'] } })]));
  });

  it('refuses a callback whose state was changed, and one from another browser', async () => {
    idp.setGroups('trent', ['noc']);
    expect(await signIn(new TestBrowser(), 'trent', { tamper: (url) => url.searchParams.set('state', 'forged-state') })).toBe('/login?error=bad-state');

    // A code obtained in one browser, replayed in another that never started a sign-in.
    let stolen: URL | undefined;
    await signIn(new TestBrowser(), 'trent', { tamper: (url) => { stolen = new URL(url); url.searchParams.set('state', 'x'); } });
    const other = new TestBrowser();
    const replayed = await other.request(stolen!.href);
    expect({ status: replayed.status, location: replayed.headers.get('location') }).toEqual({ status: 302, location: '/login?error=bad-state' });
    expect(other.cookie(cp.origin, 'wom_refresh')).toBeUndefined();
    expect(await cp.t.database.manager.query(`SELECT id FROM app_user WHERE username = 'trent'`)).toEqual([]);
  });

  it('sends a cancelled consent back to the login page with access-denied', async () => {
    idp.setGroups('peggy', ['noc']);
    expect(await signIn(new TestBrowser(), 'peggy', { cancel: true })).toBe('/login?error=access-denied');
  });

  it('keeps single sign-on accounts out of password login and password changes', async () => {
    idp.setGroups('walter', ['noc']);
    const browser = new TestBrowser();
    expect(await signIn(browser, 'walter')).toBe('/');
    const { token } = await consoleSession(browser);
    const login = await fetch(`${cp.origin}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'walter', password: 'any-password-at-all' }) });
    expect({ status: login.status, body: await login.json() }).toEqual({ status: 401, body: { code: 'AUTH.INVALID_CREDENTIALS', message: expect.any(String), fields: [] } });
    const change = await fetch(`${cp.origin}/api/auth/password`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ currentPassword: 'x', newPassword: 'a-new-long-password' }) });
    expect({ status: change.status, code: ((await change.json()) as { code: string }).code }).toEqual({ status: 403, code: 'AUTH.FORBIDDEN' });
  });

  it('refuses a disabled single sign-on account', async () => {
    idp.setGroups('victor', ['noc']);
    expect(await signIn(new TestBrowser(), 'victor')).toBe('/');
    await cp.t.database.manager.query(`UPDATE app_user SET is_active = false WHERE username = 'victor'`);
    expect(await signIn(new TestBrowser(), 'victor')).toBe('/login?error=account-disabled');
  });

  it('does not let a provider user take over a local account of the same name', async () => {
    const admin = await (await fetch(`${cp.origin}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: cp.t.bootstrapPassword }) })).json() as { accessToken: string };
    await fetch(`${cp.origin}/api/auth/password`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.accessToken}` }, body: JSON.stringify({ currentPassword: cp.t.bootstrapPassword, newPassword: 'admin-password-long-1' }) });
    idp.setGroups('admin', ['staff']);
    const browser = new TestBrowser();
    expect(await signIn(browser, 'admin')).toBe('/');
    const { me } = await consoleSession(browser);
    expect(me).toMatchObject({ role: 'read-only', name: expect.stringMatching(/^admin-[0-9a-f]{8}$/) });
    const local = await fetch(`${cp.origin}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-password-long-1' }) });
    expect(((await local.json()) as { user: { role: string } }).user.role).toBe('admin');
  });

  describe('with password login off and the provider unreachable', () => {
    let off: Started;
    beforeAll(async () => {
      // A port nothing listens on: the provider is down.
      off = await listening({ OIDC_ISSUER: 'http://127.0.0.1:9', OIDC_CLIENT_ID: 'wom', OIDC_ROLE_MAP: '*=viewer', LOCAL_LOGIN: 'off' });
    });
    afterAll(() => off?.t.close());

    it('refuses password login with 403 and says so to the console', async () => {
      const res = await fetch(`${off.origin}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: off.t.bootstrapPassword }) });
      expect({ status: res.status, body: await res.json() }).toEqual({ status: 403, body: { code: 'AUTH.LOCAL_LOGIN_OFF', message: expect.stringContaining('LOCAL_LOGIN=off'), fields: [] } });
      expect(await (await fetch(`${off.origin}/api/auth/providers`)).json()).toEqual({ sso: { name: 'Test IdP', loginUrl: '/api/auth/oidc/login' }, localLogin: false });
    });

    it('sends the browser back with provider-unavailable, and audits it', async () => {
      const res = await fetch(`${off.origin}/api/auth/oidc/login`, { redirect: 'manual' });
      expect({ status: res.status, location: res.headers.get('location') }).toEqual({ status: 302, location: '/login?error=provider-unavailable' });
      const rows = await off.t.database.manager.query(`SELECT after FROM audit_log WHERE action = 'auth.oidc-login-refused'`);
      expect(rows).toEqual([{ after: { reason: 'provider-unavailable', detail: expect.stringContaining('http://127.0.0.1:9') } }]);
    });
  });
});
