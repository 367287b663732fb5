import type { Page } from 'playwright-core';
import { Browser_, screenshot } from './harness';
import { peerName, seedFleet, type SeededFleet } from './list-seed';

const FLEET = 10_000;

/**
 * The fleet-scale lists in Chromium against the real control plane (embedded database): the
 * peers table pages, sorts and filters 10,000 peers on the server, the URL keeps its state
 * across a reload, jobs name their routers, and the audit log searches text and time.
 */
describe('fleet-scale lists in a browser', () => {
  const browser = new Browser_();
  let fleet: SeededFleet;
  let page: Page;

  beforeAll(async () => {
    fleet = await seedFleet(FLEET);
    page = await browser.open();
  }, 300_000);
  afterAll(async () => {
    await browser.close();
    await fleet?.stop();
  });

  const open = (path: string) => page.goto(`${fleet.plane.url}/wans/${fleet.wanId}/${path}`);
  const rowNames = () => page.locator('tr[data-peer]').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-peer')));
  const firstRow = (name: string) => page.locator('tr[data-peer]').first().and(page.locator(`tr[data-peer="${name}"]`)).waitFor({ timeout: 30_000 });
  const count = (testId: string, text: string) => page.getByTestId(testId).filter({ hasText: text }).waitFor({ timeout: 30_000 });
  const query = () => new URL(page.url()).searchParams;

  it('pages through 10,000 peers: next page, last page', async () => {
    await open('peers');
    await firstRow(peerName(1));
    await count('peer-count', '10,000 peers');
    expect(await rowNames()).toHaveLength(50);
    await page.getByRole('button', { name: 'Next page' }).click();
    await firstRow(peerName(51));
    expect(query().get('page')).toBe('2');
    await page.getByRole('button', { name: 'Last page' }).click();
    await firstRow(peerName(FLEET - 49));
    expect((await rowNames()).at(-1)).toBe(peerName(FLEET));
    expect(query().get('page')).toBe(String(FLEET / 50));
  });

  it('sorts by name descending, filters by type and by free text, and keeps it all on reload', async () => {
    await open('peers');
    await firstRow(peerName(1));
    await page.getByRole('columnheader', { name: 'Name' }).click();
    await firstRow(peerName(FLEET));
    expect(query().get('sort')).toBe('-name');

    await page.getByTestId('peer-type').click();
    await page.getByRole('option', { name: 'client', exact: true }).click();
    await count('peer-count', '2,500 peers match');
    expect(await page.locator('tr[data-peer] td:nth-child(2)').evaluateAll((cells) => [...new Set(cells.map((cell) => cell.textContent?.trim()))])).toEqual(['client']);
    // Peer i is a client when i % 4 = 2: the highest below 10,000 comes first in descending order.
    await firstRow(peerName(9998));

    await page.getByTestId('peer-search').fill('site-099');
    await count('peer-count', '25 peers match');
    await firstRow(peerName(9998));
    expect(Object.fromEntries(query())).toEqual({ sort: '-name', type: 'client', q: 'site-099' });
    await screenshot(page, 'lists-peers-filtered');

    await page.reload();
    await count('peer-count', '25 peers match');
    await firstRow(peerName(9998));
    expect(await page.getByTestId('peer-search').inputValue()).toBe('site-099');
    expect(await page.getByTestId('peer-type').textContent()).toContain('client');
  });

  it('scrolls a wide table inside its own box at 390 px, never the page', async () => {
    await page.setViewportSize({ width: 390, height: 800 });
    try {
      await open('peers');
      await firstRow(peerName(1));
      const widths = await page.evaluate(() => {
        const box = document.querySelector('wom-peers-table .table-scroll') as HTMLElement;
        return { page: document.documentElement.scrollWidth, viewport: window.innerWidth, box: box.clientWidth, table: box.scrollWidth };
      });
      expect(widths.page).toBeLessThanOrEqual(widths.viewport);
      expect(widths.table).toBeGreaterThan(widths.box);
      await screenshot(page, 'lists-peers-390');
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  it('shows the router and WAN names of jobs', async () => {
    await open('jobs');
    await count('job-count', '3 jobs');
    const routers = await page.getByTestId('job-router').allTextContents();
    expect(routers.map((name) => name.trim()).sort()).toEqual([...fleet.jobRouters].sort());
    expect(new Set((await page.getByTestId('job-wan').allTextContents()).map((name) => name.trim()))).toEqual(new Set(['fleet']));
  });

  it('searches the audit log by free text and a time range, with before and after', async () => {
    await open('audit');
    await page.getByTestId('audit-search').fill('NIGHT-SHIFT');
    await count('audit-count', '2 entries');
    await page.getByTestId('audit-from').fill('2025-03-01T00:00');
    await count('audit-count', '1 entry');
    const row = page.locator('tr[data-audit="maintenance.window"]');
    await row.getByRole('button', { name: 'Details' }).click();
    const detail = page.getByTestId('audit-detail');
    await detail.filter({ hasText: 'Changed: window' }).waitFor();
    expect(await detail.textContent()).toContain('Paris-Edge');
    expect(query().get('q')).toBe('NIGHT-SHIFT');
    expect(query().get('from')).toMatch(/^2025-0[23]-\d\dT/);
    await page.reload();
    await count('audit-count', '1 entry');
    await screenshot(page, 'lists-audit');
  });
});
