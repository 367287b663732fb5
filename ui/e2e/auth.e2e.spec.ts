import type { Page } from 'playwright-core';
import { Browser_, ControlPlane, freePort, screenshot } from './harness';

/** Multi-user sign-in in Chromium: first-login password change, and controls hidden by role. */
describe('console sign-in and roles', () => {
  const browser = new Browser_();
  let plane: ControlPlane;
  let page: Page;
  let adminToken = '';

  beforeAll(async () => {
    plane = new ControlPlane(await freePort(), await freePort(), { AUTH_MODE: 'multi-user' });
    await plane.start();
    page = await browser.open();
  }, 120_000);

  afterAll(async () => {
    await browser.close();
    await plane?.stop();
  });

  async function signIn(username: string, password: string): Promise<void> {
    await page.goto(`${plane.url}/`);
    await page.waitForURL('**/login');
    await page.getByLabel('User name').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('makes the first admin choose a password, then shows the admin screens', async () => {
    const oneTime = plane.bootstrapPassword;
    expect(oneTime).toBeTruthy();
    await signIn('admin', oneTime!);
    await page.getByLabel('New password').fill('a-long-admin-password-1');
    expect(await page.getByTestId('who').count()).toBe(0);
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.waitForURL(`${plane.url}/`);
    await page.getByRole('heading', { name: /Dashboard/ }).waitFor();
    await page.getByTestId('who').filter({ hasText: 'admin · admin' }).waitFor();
    expect(await page.getByRole('link', { name: 'Users & API keys' }).isVisible()).toBe(true);
    await screenshot(page, '9-admin-signed-in');
    adminToken = (await plane.api<{ accessToken: string }>('POST', '/api/auth/login', { username: 'admin', password: 'a-long-admin-password-1' })).accessToken;
  });

  it('shows a wrong password in plain words', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn('admin', 'not-the-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Sign-in problem/);
  });

  it('hides changing controls and admin screens from a read-only user', async () => {
    await plane.api('POST', '/api/wan', { name: 'acme' }, adminToken);
    await plane.api('POST', '/api/users', { username: 'viewer', password: 'viewer-password-12', role: 'read-only', mustChangePassword: false }, adminToken);
    await signIn('viewer', 'viewer-password-12');
    await page.getByTestId('who').filter({ hasText: 'viewer · read-only' }).waitFor();
    await page.goto(`${plane.url}/peers`);
    await page.getByRole('heading', { name: 'Peers' }).waitFor();
    expect(await page.getByRole('link', { name: 'Add peer' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Deploy to all MikroTik' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Users & API keys' }).count()).toBe(0);
    await page.goto(`${plane.url}/users`);
    // Refused, and sent home: the dashboard of the WAN (the URL names it).
    await page.waitForURL(/\/wans\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: /Dashboard/ }).waitFor();
    await screenshot(page, '9-read-only');
  });
});
