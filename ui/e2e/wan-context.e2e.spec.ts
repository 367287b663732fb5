import type { Page, Request, Route } from 'playwright-core';
import { Browser_, ControlPlane, freePort, screenshot } from './harness';

/**
 * The selected WAN lives in the URL: reload, deep links, back/forward, a new WAN and a quick
 * double switch all leave the picker, the URL and the page showing the same WAN. And when the
 * control plane goes away the console says so, then refreshes once it is back.
 */
describe('the WAN in the URL, and the connection banner', () => {
  const browser = new Browser_();
  let plane: ControlPlane;
  let page: Page;
  const wan = { alpha: '', bravo: '' };
  const peer = { alpha: '', bravo: '' };

  beforeAll(async () => {
    plane = new ControlPlane(await freePort(), await freePort(), { AUTH_MODE: 'single-user', DATABASE_URL: 'postgres' });
    await plane.start();
    for (const name of ['alpha', 'bravo'] as const) {
      wan[name] = (await plane.api<{ id: string }>('POST', '/api/wan', { name })).id;
      peer[name] = (await plane.api<{ id: string }>('POST', `/api/wan/${wan[name]}/peers`, { name: `${name}-hub`, type: 'hub', endpoint: `${name}.example:51820` })).id;
    }
    page = await browser.open();
  }, 120_000);

  afterAll(async () => {
    await browser.close();
    await plane?.stop();
  });

  const picker = () => page.getByRole('combobox', { name: 'WAN' });
  const path = () => new URL(page.url()).pathname;

  /** Waits until the picker shows `name` (its text is the selected option's label). */
  async function pickerShows(name: string): Promise<void> {
    await page.waitForFunction((expected) => document.querySelector('[data-testid="wan-select"]')?.textContent?.trim() === expected, name, { timeout: 10_000 });
  }

  /** Chooses a WAN in the picker; waits for the previous panel to be gone first, and for this one to close. */
  async function pick(name: string): Promise<void> {
    const panel = page.getByRole('listbox', { name: 'WAN' });
    await panel.waitFor({ state: 'detached' });
    await picker().click();
    await panel.getByRole('option', { name, exact: true }).click();
    await panel.waitFor({ state: 'detached' });
  }

  /** The peers page of the WAN in the URL lists `name`, and never the other WAN's hub. */
  async function peersPageShows(name: 'alpha' | 'bravo'): Promise<void> {
    const other = name === 'alpha' ? 'bravo' : 'alpha';
    await page.getByRole('link', { name: `${name}-hub` }).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('link', { name: `${other}-hub` }).count()).toBe(0);
  }

  /** Two animation frames: any answer already received has been rendered by then. */
  const rendered = () => page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));

  it('opens a deep link to another WAN with the picker on that WAN, and keeps it on reload', async () => {
    await page.goto(`${plane.url}/wans/${wan.bravo}/peers`);
    await peersPageShows('bravo');
    await pickerShows('bravo');
    await page.reload();
    await peersPageShows('bravo');
    await pickerShows('bravo');
    expect(path()).toBe(`/wans/${wan.bravo}/peers`);
    await screenshot(page, 'wan-deep-link');
  });

  it('switches with the picker, and back/forward move between the WANs', async () => {
    await pick('alpha');
    await page.waitForURL(`**/wans/${wan.alpha}/peers`);
    await peersPageShows('alpha');
    await page.goBack();
    await page.waitForURL(`**/wans/${wan.bravo}/peers`);
    await peersPageShows('bravo');
    await pickerShows('bravo');
    await page.goForward();
    await page.waitForURL(`**/wans/${wan.alpha}/peers`);
    await peersPageShows('alpha');
    await pickerShows('alpha');
  });

  it("sends old links to the same page: a peer's to its own WAN", async () => {
    await page.goto(`${plane.url}/peers/${peer.bravo}`);
    await page.waitForURL(`**/wans/${wan.bravo}/peers/${peer.bravo}`);
    await page.getByRole('heading', { name: /bravo-hub/ }).waitFor();
    await pickerShows('bravo');
    await page.goto(`${plane.url}/jobs?batch=x`);
    await page.waitForURL(`**/wans/${wan.bravo}/jobs?batch=x`);
    await page.goto(`${plane.url}/`);
    await page.waitForURL(`**/wans/${wan.bravo}`);
    await page.getByRole('heading', { name: /Dashboard/ }).waitFor();
  });

  it('creates a WAN, lands on it, and switches away from it', async () => {
    await page.goto(`${plane.url}/wans`);
    await page.waitForURL(`**/wans/${wan.bravo}/settings`);
    await page.getByLabel('Name', { exact: true }).fill('charlie');
    await page.getByRole('button', { name: 'Create WAN' }).click();
    await page.getByRole('heading', { name: 'Settings of charlie' }).waitFor();
    const charlie = (await plane.api<{ id: string; name: string }[]>('GET', '/api/wan')).find((w) => w.name === 'charlie')!.id;
    expect(path()).toBe(`/wans/${charlie}/settings`);
    await pickerShows('charlie');
    await pick('alpha');
    await page.waitForURL(`**/wans/${wan.alpha}/settings`);
    await page.getByRole('heading', { name: 'Settings of alpha' }).waitFor();
    await pickerShows('alpha');
  });

  it("never leaves one WAN's data under another's name after a quick double switch", async () => {
    await page.goto(`${plane.url}/wans/${wan.alpha}/peers`);
    await peersPageShows('alpha');
    // Bravo's peers are held back until alpha's page is shown again: the slow answer arrives last.
    const held: Route[] = [];
    const ended = new Set<Request>();
    const onEnd = (request: Request) => void ended.add(request);
    page.on('requestfinished', onEnd);
    page.on('requestfailed', onEnd);
    const bravoPeers = `**/api/wan/${wan.bravo}/peers**`;
    await page.route(bravoPeers, (route) => void held.push(route));
    const requested = page.waitForRequest((request) => request.url().includes(`/api/wan/${wan.bravo}/peers`));
    await pick('bravo');
    await requested;
    await pick('alpha');
    await page.waitForURL(`**/wans/${wan.alpha}/peers`);
    await peersPageShows('alpha');
    expect(held.length).toBeGreaterThan(0);
    // Each held request ends answered, or aborted by a page that no longer wants it (continue then refuses).
    for (const route of held) await route.continue().catch(() => undefined);
    for (let round = 0; round < 500 && !held.every((route) => ended.has(route.request())); round++) await rendered();
    expect(held.every((route) => ended.has(route.request()))).toBe(true);
    page.off('requestfinished', onEnd);
    page.off('requestfailed', onEnd);
    await rendered();
    await page.unroute(bravoPeers);
    await peersPageShows('alpha');
    await pickerShows('alpha');
    expect(path()).toBe(`/wans/${wan.alpha}/peers`);
  });

  it('shows a banner within 5 s when the control plane stops, and clears it and refreshes when it is back', async () => {
    await page.goto(`${plane.url}/wans/${wan.alpha}/peers`);
    await peersPageShows('alpha');
    const banner = page.getByTestId('connection-banner');
    expect(await banner.count()).toBe(0);
    await plane.halt();
    const stoppedAt = Date.now();
    await banner.waitFor({ timeout: 5_000 });
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    expect(await banner.textContent()).toMatch(/unreachable|interrupted/);
    await screenshot(page, 'wan-connection-banner');
    // A change nobody announces: only a reload after the reconnect can show it.
    plane.sql(`UPDATE peer SET name = 'alpha-hub-renamed' WHERE id = '${peer.alpha}'`);
    await plane.start();
    await banner.waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByRole('link', { name: 'alpha-hub-renamed' }).waitFor({ timeout: 15_000 });
    await pickerShows('alpha');
  });

  it('follows the system colour scheme', async () => {
    await page.goto(`${plane.url}/wans/${wan.alpha}`);
    await page.getByRole('heading', { name: /Dashboard/ }).waitFor();
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await background()).toBe('rgb(246, 248, 251)');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background()).toBe('rgb(17, 19, 24)');
    await screenshot(page, 'wan-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('fits a 390 px phone: a skip link first, the navigation in a drawer behind a menu button, nothing wider than the screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${plane.url}/wans/${wan.alpha}/settings`);
    await page.getByRole('heading', { name: 'Settings of alpha' }).waitFor();
    const overflow = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth - window.innerWidth,
      toolbar: Array.from(document.querySelectorAll('mat-toolbar'), (bar) => bar.scrollWidth - bar.clientWidth),
    }));
    expect(overflow).toEqual({ page: 0, toolbar: [0] });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');
    const topology = page.getByRole('link', { name: 'Topology' });
    expect(await topology.isVisible()).toBe(false);
    // Keyboard only: the next stop after the skip link is the menu button, which opens the drawer.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Menu');
    await page.keyboard.press('Enter');
    await topology.click();
    await page.waitForURL(`**/wans/${wan.alpha}/topology`);
    await topology.waitFor({ state: 'hidden' });
    await screenshot(page, 'wan-phone');
    await page.setViewportSize({ width: 1400, height: 900 });
  });
});

