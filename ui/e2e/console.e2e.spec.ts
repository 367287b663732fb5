import { ALL_POLICIES, RouterOsEmulator, type EmulatedRouter } from '@wom/routeros';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { Browser_, ControlPlane, freePort, screenshot } from './harness';

/**
 * The console's main flows in Chromium, against the real control plane (embedded database) and
 * emulated MikroTik routers. Each flow asserts on what a person sees and leaves a screenshot
 * under tmp/e2e-screenshots. Flows share one WAN and build on each other, in order.
 */
describe('console in a browser', () => {
  const emulator = new RouterOsEmulator();
  const browser = new Browser_();
  let plane: ControlPlane;
  let router: EmulatedRouter;
  let page: Page;
  const state: { wanId?: string; routerPeerId?: string; laptopId?: string } = {};

  beforeAll(async () => {
    router = await emulator.addRouter('paris', { identity: 'paris-gw', version: '7.19.4 (stable)', users: [{ name: 'wom-api', password: 'router-secret-1', policies: ALL_POLICIES }] });
    plane = new ControlPlane(await freePort(), await freePort(), { AUTH_MODE: 'single-user', DATABASE_URL: 'postgres' });
    await plane.start();
    page = await browser.open();
  }, 120_000);

  afterAll(async () => {
    await browser.close();
    await plane?.stop();
    await emulator.close();
  });

  const go = (path: string) => page.goto(`${plane.url}${path}`);
  const button = (name: string | RegExp) => page.getByRole('button', { name });

  it('1. creates a WAN', async () => {
    await go('/wans');
    await page.getByLabel('Name', { exact: true }).fill('acme');
    await button('Create WAN').click();
    await page.getByRole('table', { name: 'WANs' }).getByText('acme').waitFor();
    await page.getByRole('heading', { name: 'Settings of acme' }).waitFor();
    const wans = await plane.api<{ id: string; name: string }[]>('GET', '/api/wan');
    state.wanId = wans.find((w) => w.name === 'acme')?.id;
    expect(state.wanId).toBeDefined();
    await plane.api('POST', `/api/wan/${state.wanId}/peers`, { name: 'hub', type: 'hub', endpoint: 'vpn.acme.example:51820' });
    await screenshot(page, '1-create-wan');
  });

  it('2. adds a MikroTik peer, sees a live conflict warning, and tests its connection', async () => {
    await plane.api('POST', `/api/wan/${state.wanId}/peers`, { name: 'lyon', type: 'generic-router', subnets: [{ cidr: '192.168.88.0/24' }] });
    await go('/peers/new');
    await page.getByLabel('Name', { exact: true }).fill('paris');
    await page.getByRole('combobox', { name: 'Type' }).click();
    await page.getByRole('option', { name: 'mikrotik', exact: true }).click();
    await page.getByTestId('mikrotik-section').waitFor();
    await page.getByLabel('Management IP').fill('127.0.0.1');
    await page.getByLabel('API port').fill(String(router.port));
    await page.getByLabel('User', { exact: true }).fill('wom-api');
    await page.getByLabel('Password').fill('router-secret-1');
    await page.getByLabel('HTTPS (www-ssl)').uncheck();
    await button('Add subnet').click();
    await page.getByLabel('CIDR').fill('192.168.88.0/24');
    await page.getByTestId('conflict-warning').first().waitFor();
    expect(await page.getByTestId('conflict-warning').first().textContent()).toContain('lyon');
    await screenshot(page, '2-peer-form-conflict');
    await button('Create peer').click();
    await page.getByRole('heading', { name: /paris/ }).waitFor();
    state.routerPeerId = page.url().split('/peers/')[1];
    await button('Test connection').first().click();
    await page.getByTestId('test-connection-result').first().waitFor({ timeout: 30_000 });
    const result = await page.getByTestId('test-connection-result').first().textContent();
    expect(result).toContain('paris-gw');
    expect(result).toContain('7.19.4');
    await screenshot(page, '2-test-connection');
  });

  it('3. previews the changes, approves, and watches the deployment live', async () => {
    await go(`/peers/${state.routerPeerId}`);
    await button('Preview changes').click();
    const preview = page.getByTestId('preview');
    await preview.waitFor();
    expect(await preview.textContent()).toMatch(/\d+ API calls/);
    expect(await preview.getByRole('listitem').count()).toBeGreaterThan(0);
    await screenshot(page, '3-preview');
    await button('Approve and deploy').click();
    // The deployment is confirmed in the dialog, over the router's preview.
    await page.locator('mat-dialog-container').getByTestId('preview-summary').waitFor({ timeout: 30_000 });
    await page.locator('mat-dialog-container').getByTestId('confirm').click();
    const status = page.getByTestId('job-detail').getByTestId('job-status');
    await page.waitForFunction(() => document.querySelector('[data-testid="job-detail"]')?.getAttribute('data-status') === 'completed', undefined, { timeout: 60_000 });
    expect(await status.textContent()).toBe('completed');
    expect(router.snapshot()['/interface/wireguard']?.some((row) => row['name'] === 'wg-wan-overlay')).toBe(true);
    await screenshot(page, '3-deployed');
  });

  it('4. publishes a service', async () => {
    await go('/services');
    // The page has its services and peers (the picker's options) before anyone picks one.
    // Loaded: a service row or the empty state (an idle load-state draws nothing, so it is never "visible").
    await page.locator('[data-service]').or(page.getByText(/No published services/)).first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="loading"]').length === 0, undefined, { timeout: 30_000 });
    await page.getByRole('combobox', { name: 'Peer hosting the service' }).click();
    await page.getByRole('option', { name: 'paris', exact: true }).click();
    await page.getByLabel('Name', { exact: true }).fill('intranet');
    await page.getByLabel('Local IP').fill('192.168.88.10');
    await page.getByLabel('Local port').fill('443');
    await button('Publish').click();
    await page.getByTestId('published').waitFor();
    expect(await page.getByTestId('published').textContent()).toMatch(/intranet is reachable at 10\.0\.5\.\d+:443/);
    await page.locator('[data-service="intranet"]').waitFor();
    await screenshot(page, '4-service');
  });

  it('5. resolves a conflict with NAT after previewing the translation', async () => {
    await go('/conflicts');
    const conflict = page.locator('[data-conflict="192.168.88.0/24"]').first();
    await conflict.waitFor();
    await conflict.getByRole('button', { name: 'Resolve…' }).click();
    await page.getByRole('radio', { name: /Translate with NAT/ }).check();
    await page.getByRole('radio', { name: /paris/ }).check();
    await page.getByTestId('review-resolution').click();
    const preview = page.locator('mat-dialog-container').getByTestId('preview-summary');
    await preview.waitFor();
    const previewText = (await preview.textContent()) ?? '';
    const translated = /routed as (\d+\.\d+\.\d+\.\d+\/\d+)\./.exec(previewText)?.[1];
    expect(translated).toBeDefined();
    await screenshot(page, '5-nat-preview');
    await page.locator('mat-dialog-container').getByTestId('confirm').click();
    await page.getByTestId('resolved').waitFor();
    expect(await page.getByTestId('resolved').textContent()).toContain(`→ ${translated}`);
    await screenshot(page, '5-resolved');
  });

  it('6. shows the topology and opens a peer from it', async () => {
    await go('/topology');
    // The map is a canvas: it says how many peers it drew; its peer table is the text alternative.
    await page.locator('wom-topology-graph[data-nodes-drawn="3"]').waitFor();
    await screenshot(page, '6-topology');
    await page.getByRole('button', { name: 'Show peer table' }).click();
    const row = page.locator(`tr[data-peer-id="${state.routerPeerId}"]`);
    expect(await row.locator('.api').count()).toBe(1);
    await row.getByRole('link').click();
    await page.waitForURL(`**/peers/${state.routerPeerId}`);
    await page.getByRole('heading', { name: /paris/ }).waitFor();
  });

  it('7. downloads a config and a QR code', async () => {
    const laptop = await plane.api<{ id: string }>('POST', `/api/wan/${state.wanId}/peers`, { name: 'laptop-ann', type: 'client' });
    await go(`/peers/${laptop.id}`);
    await page.getByTestId('config').filter({ hasText: '[Interface]' }).waitFor();
    const [conf] = await Promise.all([page.waitForEvent('download'), button('Download .conf').click()]);
    expect(conf.suggestedFilename()).toBe('laptop-ann.conf');
    expect(readFileSync((await conf.path())!, 'utf8')).toContain('[Peer]');
    await button('Show QR code').click();
    await page.getByTestId('qr').waitFor();
    const [qr] = await Promise.all([page.waitForEvent('download'), button('Download QR (PNG)').click()]);
    expect(readFileSync((await qr.path())!).subarray(1, 4).toString()).toBe('PNG');
    await screenshot(page, '7-config-qr');
  });

  it('8. rolls back the deployment', async () => {
    await go(`/peers/${state.routerPeerId}`);
    await button('Roll back').click();
    await page.locator('mat-dialog-container').getByTestId('preview-summary').waitFor({ timeout: 30_000 });
    await page.locator('mat-dialog-container').getByTestId('confirm').click();
    await page.waitForFunction(() => {
      const detail = document.querySelector('[data-testid="job-detail"]');
      return detail?.textContent?.includes('rollback') && detail.getAttribute('data-status') === 'completed';
    }, undefined, { timeout: 60_000 });
    expect(router.snapshot()['/interface/wireguard']?.some((row) => row['name'] === 'wg-wan-overlay')).toBe(false);
    await screenshot(page, '8-rolled-back');
  });

  it('9. creates an enrollment token, shows its secret once, and revokes it', async () => {
    await go('/agents');
    await page.getByLabel('Token name').fill('paris-servers');
    await button('Create enrollment token').click();
    const secret = page.getByTestId('token-secret');
    await secret.waitFor();
    expect(await secret.textContent()).toMatch(/curl -fsSL http:\/\/127\.0\.0\.1:\d+\/install\/agent\.sh \| sudo sh -s -- --token wom_et_\S+/);
    const row = page.getByRole('table', { name: 'Enrollment tokens' }).getByRole('row', { name: /paris-servers/ });
    expect(await row.textContent()).toContain('active');
    await screenshot(page, '9-enrollment-token');
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.filter({ hasText: 'revoked' }).waitFor();
    await page.reload();
    expect(await page.getByTestId('token-secret').count()).toBe(0);
  });

  it('10. deploys to every MikroTik peer with one progress bar', async () => {
    await go('/peers');
    await button('Deploy to all MikroTik').click();
    // The same confirmation as the dashboard's: each router's preview, then one click to deploy.
    await page.locator('mat-dialog-container').getByTestId('preview-summary').waitFor({ timeout: 30_000 });
    await page.locator('mat-dialog-container').getByTestId('confirm').click();
    await page.waitForURL(/\/jobs\?batch=/);
    const summary = page.getByRole('region', { name: 'Deploy to all' }).or(page.locator('[aria-label="Deploy to all"]'));
    await summary.filter({ hasText: '1 of 1 routers done' }).waitFor({ timeout: 60_000 });
    const failed = await plane.api<{ items: { status: string; errorMessage: string | null; jobType: string }[] }>('GET', '/api/jobs?status=failed');
    expect(failed.items.map((j) => j.errorMessage)).toEqual([]);
    expect(await summary.textContent()).toContain('1 succeeded');
    await screenshot(page, '10-deploy-all');
  });
});
