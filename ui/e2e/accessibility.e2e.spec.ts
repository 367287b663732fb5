import { ALL_POLICIES, RouterOsEmulator } from '@wom/routeros';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { Browser_, ControlPlane, freePort, REPO } from './harness';

type Theme = 'light' | 'dark';
interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }
interface ConsolePage { readonly name: string; readonly path: () => string; readonly ready: string; readonly main?: boolean }

const SLOW = 240_000;
const THEMES: readonly Theme[] = ['light', 'dark'];
/** The README's pictures with WOM_SCREENSHOTS=1; otherwise the same pictures go to the test output, so the path is walked on every run. */
const SCREENSHOT_DIR = process.env['WOM_SCREENSHOTS'] ? join(REPO, 'ui', 'screenshots') : join(REPO, 'tmp', 'e2e-screenshots', 'readme');
const axeSource = (createRequire(join(REPO, 'package.json'))('axe-core') as { source: string }).source;

/**
 * Every page of the console, in a light and a dark colour scheme, checked by axe-core in
 * Chromium against the real control plane (seeded through its API, with an emulated MikroTik
 * router): no critical or serious violation anywhere, and nothing scrolls sideways on a
 * 390 px wide phone.
 */
describe('accessibility of every page', () => {
  const emulator = new RouterOsEmulator();
  const browser = new Browser_();
  let plane: ControlPlane;
  let page: Page;
  const ids = { wan: '', router: '', server: '' };

  const pages: readonly ConsolePage[] = [
    { name: 'dashboard', path: () => `/wans/${ids.wan}`, ready: '[data-testid="stat-peers"]:text-matches("^\\\\d+$")', main: true },
    { name: 'topology', path: () => `/wans/${ids.wan}/topology`, ready: 'h1', main: true },
    { name: 'peers', path: () => `/wans/${ids.wan}/peers`, ready: '[data-testid="peer-count"]:text-matches("\\\\d+ peers")', main: true },
    { name: 'peer-detail', path: () => `/wans/${ids.wan}/peers/${ids.router}`, ready: 'h1:has-text("paris")', main: true },
    { name: 'peer-detail-server', path: () => `/wans/${ids.wan}/peers/${ids.server}`, ready: 'h1:has-text("db-1")' },
    { name: 'peer-form', path: () => `/wans/${ids.wan}/peers/new`, ready: 'h1:has-text("Add peer")' },
    { name: 'services', path: () => `/wans/${ids.wan}/services`, ready: '[data-service="intranet"]' },
    { name: 'conflicts', path: () => `/wans/${ids.wan}/conflicts`, ready: '[data-conflict]', main: true },
    { name: 'jobs', path: () => `/wans/${ids.wan}/jobs`, ready: 'table[aria-label="Jobs"] tr.mat-mdc-row', main: true },
    { name: 'export', path: () => `/wans/${ids.wan}/export`, ready: '[data-testid="key-note"]' },
    { name: 'agents', path: () => `/wans/${ids.wan}/agents`, ready: 'h1' },
    { name: 'settings', path: () => `/wans/${ids.wan}/settings`, ready: 'h2:has-text("Settings of acme")' },
    { name: 'audit', path: () => `/wans/${ids.wan}/audit`, ready: 'h1' },
    { name: 'users', path: () => '/users', ready: 'h1' },
    { name: 'login', path: () => '/login', ready: 'h1:has-text("Sign in")' },
  ];

  beforeAll(async () => {
    const router = await emulator.addRouter('paris', { identity: 'paris-gw', version: '7.19.4 (stable)', users: [{ name: 'wom-api', password: 'router-secret-1', policies: ALL_POLICIES }] });
    plane = new ControlPlane(await freePort(), await freePort(), { AUTH_MODE: 'single-user', DATABASE_URL: 'postgres', DRIFT_CHECK_CRON: 'off' });
    await plane.start();
    ids.wan = (await plane.api<{ id: string }>('POST', '/api/wan', { name: 'acme' })).id;
    const peer = (body: object) => plane.api<{ id: string }>('POST', `/api/wan/${ids.wan}/peers`, body);
    await peer({ name: 'hub', type: 'hub', endpoint: 'vpn.acme.example:51820' });
    ids.server = (await peer({ name: 'db-1', type: 'server', subnets: [{ cidr: '10.20.0.0/24' }] })).id;
    await peer({ name: 'app-1', type: 'server' });
    await peer({ name: 'laptop-ana', type: 'client' });
    // Two sites on the same LAN: an open conflict for the conflicts page.
    await peer({ name: 'lyon', type: 'generic-router', subnets: [{ cidr: '192.168.88.0/24' }] });
    const mikrotik = { managementIp: '127.0.0.1', apiPort: router.port, username: 'wom-api', password: 'router-secret-1', useSsl: false };
    ids.router = (await peer({ name: 'paris', type: 'mikrotik', deploymentMode: 'mikrotik-api', mikrotik, subnets: [{ cidr: '192.168.88.0/24' }] })).id;
    await plane.api('POST', `/api/peers/${ids.router}/services`, { name: 'intranet', localIp: '192.168.88.10', localPort: 443, protocol: 'tcp' });
    // A deployment to the router, so the jobs page and the router's page show history.
    const job = await plane.api<{ id: string }>('POST', `/api/peers/${ids.router}/mikrotik/deploy`, {});
    for (let round = 0; round < 240; round++) {
      const { status } = await plane.api<{ status: string }>('GET', `/api/jobs/${job.id}`);
      if (['completed', 'failed', 'cancelled'].includes(status)) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await browser.open();
    // The console's CSP allows only its own scripts; axe is injected inline, so this context bypasses it.
    page = await browser.browser!.newContext({ viewport: { width: 1440, height: 900 }, bypassCSP: true }).then((context) => context.newPage());
  }, SLOW);

  afterAll(async () => {
    await browser.close();
    await plane?.stop();
    await emulator.close();
  });

  async function visit(target: ConsolePage, theme: Theme): Promise<void> {
    await page.emulateMedia({ colorScheme: theme, reducedMotion: 'reduce' });
    await page.goto(`${plane.url}${target.path()}`);
    await page.locator(target.ready).first().waitFor({ timeout: 30_000 });
    // Nothing still loading: spinners and running progress bars are gone.
    await page.waitForFunction(() => document.querySelectorAll('mat-progress-bar[mode="indeterminate"], mat-spinner, [data-loading="true"]').length === 0, undefined, { timeout: 30_000 });
  }

  /** The critical and serious violations axe finds on the page as it is now, one line each. */
  async function violations(): Promise<string[]> {
    await page.addScriptTag({ content: axeSource });
    const found = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
      return (await axe.run(document, { resultTypes: ['violations'] })).violations;
    });
    return found
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => `${v.impact} ${v.id} (${v.help}): ${v.nodes.slice(0, 4).map((n) => JSON.stringify(n.target)).join(' ')}`);
  }

  /**
   * How far the document or the scrolling page area is wider than the window, in px (0 = no
   * sideways scrolling), and the outermost elements that stick out, to say where to look.
   */
  const overflow = () =>
    page.evaluate(() => {
      const area = document.querySelector('mat-sidenav-content');
      const extra = Math.max(document.documentElement.scrollWidth - window.innerWidth, area ? area.scrollWidth - area.clientWidth : 0);
      const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${Array.from(el.classList).slice(0, 2).map((c) => '.' + c).join('')}`;
      const inScroller = (el: Element) => { for (let p = el.parentElement; p && p !== area; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return true; return false; };
      const wide = Array.from((area ?? document.body).querySelectorAll('*')).filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !inScroller(el));
      const outermost = wide.filter((el) => !wide.includes(el.parentElement as Element)).slice(0, 3).map(describe);
      return { extra, outermost };
    });

  it('finds a violation when there is one (the check itself works)', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await visit(pages[0]!, 'light');
    await page.evaluate(() => {
      const button = document.createElement('button');
      button.id = 'nameless';
      document.querySelector('main')?.append(button);
    });
    expect((await violations()).some((line) => line.includes('button-name') && line.includes('#nameless'))).toBe(true);
  }, SLOW);

  it.each(THEMES)('has no critical or serious axe violation on any page in the %s scheme', async (theme) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    const found: string[] = [];
    for (const target of pages) {
      await visit(target, theme);
      for (const line of await violations()) found.push(`${target.name}: ${line}`);
    }
    expect(found).toEqual([]);
  }, SLOW);

  it.each(THEMES)('keeps the confirm dialog axe clean in the %s scheme', async (theme) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await visit(pages.find((p) => p.name === 'peers')!, theme);
    await page.getByRole('button', { name: 'Deploy to all MikroTik' }).click();
    const dialog = page.locator('mat-dialog-container');
    await dialog.getByTestId('preview-summary').or(dialog.getByTestId('problem')).first().waitFor({ timeout: 60_000 });
    const found = await violations();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(found).toEqual([]);
  }, SLOW);

  it('scrolls no page sideways at 390 px wide', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const wide: string[] = [];
    for (const target of pages) {
      await visit(target, 'light');
      const { extra, outermost } = await overflow();
      if (extra > 0) wide.push(`${target.name}: ${extra}px (${outermost.join(', ')})`);
    }
    expect(wide).toEqual([]);
  }, SLOW);

  it('keeps axe clean at 390 px wide, where the navigation is a drawer', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const found: string[] = [];
    for (const theme of THEMES) {
      for (const target of pages.filter((p) => p.main)) {
        await visit(target, theme);
        for (const line of await violations()) found.push(`${target.name} (${theme}): ${line}`);
      }
    }
    expect(found).toEqual([]);
  }, SLOW);

  it('writes the README screenshots of the main pages', async () => {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      for (const theme of THEMES) {
        for (const target of pages.filter((p) => p.main)) {
          await visit(target, theme);
          const path = join(SCREENSHOT_DIR, `${target.name}-${width}-${theme}.png`);
          await page.screenshot({ path });
          expect((await page.screenshot()).length).toBeGreaterThan(1000);
        }
      }
    }
  }, SLOW);
});
