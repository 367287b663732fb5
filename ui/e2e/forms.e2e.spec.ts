import type { Page } from 'playwright-core';
import { Browser_, ControlPlane, freePort } from './harness';

/**
 * The console's forms in Chromium against the real control plane: a field the form can check
 * is refused before anything is sent, with the reason under that field; a reason the API
 * gives lands under the field it names; and a double click sends one request, so it makes
 * one object.
 */
describe('forms in a browser', () => {
  const browser = new Browser_();
  let plane: ControlPlane;
  let page: Page;
  let wanId = '';
  let hubId = '';

  beforeAll(async () => {
    plane = new ControlPlane(await freePort(), await freePort(), { AUTH_MODE: 'single-user', DATABASE_URL: 'postgres', DRIFT_CHECK_CRON: 'off' });
    await plane.start();
    wanId = (await plane.api<{ id: string }>('POST', '/api/wan', { name: 'acme' })).id;
    hubId = (await plane.api<{ id: string }>('POST', `/api/wan/${wanId}/peers`, { name: 'hub', type: 'hub', endpoint: 'vpn.acme.example:51820' })).id;
    page = await browser.open();
  }, 120_000);

  afterAll(async () => {
    await browser.close();
    await plane?.stop();
  });

  /** Counts the POSTs to URLs ending in `suffix` from now on. */
  function countPosts(suffix: RegExp): () => number {
    let count = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && suffix.test(new URL(request.url()).pathname)) count++;
    });
    return () => count;
  }

  /** The reason shown under the form field labelled `label`. */
  const reasonUnder = (label: string) => page.locator('mat-form-field', { has: page.getByLabel(label, { exact: true }) }).locator('.field-error');

  it('refuses a bad WAN name before sending it, naming the character, and sends nothing', async () => {
    const sent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/api/wan')) sent.push(request.url());
    });
    await page.goto(`${plane.url}/wans/${wanId}/settings`);
    await page.getByLabel('Name', { exact: true }).fill('bad;name');
    await page.getByRole('button', { name: 'Create WAN' }).click();
    await reasonUnder('Name').waitFor();
    expect(await reasonUnder('Name').textContent()).toContain('";"');
    expect(await page.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(sent).toEqual([]);
  });

  it('creates one WAN on a double click', async () => {
    await page.goto(`${plane.url}/wans/${wanId}/settings`);
    await page.getByLabel('Name', { exact: true }).fill('beta');
    const posts = countPosts(/^\/api\/wan$/);
    await page.getByRole('button', { name: 'Create WAN' }).dblclick();
    await page.getByRole('heading', { name: 'Settings of beta' }).waitFor();
    const wans = await plane.api<{ name: string }[]>('GET', '/api/wan');
    expect(wans.filter((w) => w.name === 'beta')).toHaveLength(1);
    // One request: the name's uniqueness alone would also leave one WAN.
    expect(posts()).toBe(1);
  });

  it('publishes one service on a double click', async () => {
    await page.goto(`${plane.url}/wans/${wanId}/services`);
    await page.getByRole('combobox', { name: 'Peer hosting the service' }).click();
    await page.getByRole('option', { name: 'hub', exact: true }).click();
    await page.getByLabel('Name', { exact: true }).fill('intranet');
    await page.getByLabel('Local IP').fill('10.0.0.1');
    await page.getByLabel('Local port').fill('443');
    const posts = countPosts(/^\/api\/peers\/[^/]+\/services$/);
    await page.getByRole('button', { name: 'Publish', exact: true }).dblclick();
    await page.getByTestId('published').waitFor();
    const services = await plane.api<{ items: { name: string }[] }>('GET', `/api/wan/${wanId}/services?limit=100`);
    expect(services.items.filter((s) => s.name === 'intranet')).toHaveLength(1);
    expect(posts()).toBe(1);
  });

  it('shows the reason the API gives for a field under that field', async () => {
    // An answer in the API's error shape, for a rule only the server knows.
    const reason = 'localPort 8443 is already published on hub as "erp"; choose another port.';
    await page.route('**/api/peers/*/services', (route) =>
      route.request().method() === 'POST'
        ? route.fulfill({ status: 409, contentType: 'application/json', body: JSON.stringify({ code: 'SERVICE.PORT_TAKEN', message: reason, fields: [{ field: 'localPort', reason }] }) })
        : route.fallback(),
    );
    try {
      await page.goto(`${plane.url}/wans/${wanId}/services`);
      await page.getByRole('combobox', { name: 'Peer hosting the service' }).click();
      await page.getByRole('option', { name: 'hub', exact: true }).click();
      await page.getByLabel('Name', { exact: true }).fill('erp-2');
      await page.getByLabel('Local IP').fill('10.0.0.1');
      await page.getByLabel('Local port').fill('8443');
      await page.getByRole('button', { name: 'Publish', exact: true }).click();
      await reasonUnder('Local port').waitFor();
      expect(await reasonUnder('Local port').textContent()).toContain('already published');
      expect(await reasonUnder('Local IP').count()).toBe(0);
    } finally {
      await page.unroute('**/api/peers/*/services');
    }
  });

  it('shows the peer form’s own checks under each field, and the API’s once it answers', async () => {
    await page.goto(`${plane.url}/wans/${wanId}/peers/new`);
    await page.getByLabel('Name', { exact: true }).fill('site a');
    await page.getByLabel('Listen port').fill('70000');
    await page.getByRole('button', { name: 'Create peer' }).click();
    await reasonUnder('Listen port').waitFor();
    expect(await reasonUnder('Listen port').textContent()).toMatch(/65535/);
    await page.getByLabel('Listen port').fill('');
    // The hub's name is taken: only the API knows.
    await page.getByLabel('Name', { exact: true }).fill('hub');
    await page.getByRole('button', { name: 'Create peer' }).click();
    await reasonUnder('Name').filter({ hasText: 'already exists' }).waitFor();
    expect(await reasonUnder('Listen port').count()).toBe(0);
    expect(page.url()).toContain('/peers/new');
    const peers = await plane.api<{ items: { id: string }[] }>('GET', `/api/wan/${wanId}/peers?q=hub`);
    expect(peers.items.map((p) => p.id)).toEqual([hubId]);
  });
});
