import type { Page } from 'playwright-core';
import { Browser_ } from '../ui/e2e/harness';
import { peerName, seedFleet, type SeededFleet } from '../ui/e2e/list-seed';
import { median, timeRuns, type CaseOutcome } from './measure';

const FLEET = 10_000;
const RUNS = 7;
const ROW_TIMEOUT_MS = 30_000;

const firstRow = (page: Page, name: string) => page.locator('tr[data-peer]').first().and(page.locator(`tr[data-peer="${name}"]`)).waitFor({ timeout: ROW_TIMEOUT_MS });

/**
 * The page's own clock, installed before its scripts: every change of the table's first row,
 * stamped with the end of the frame that shows it (ms since the navigation started), and the
 * timestamp of the last click. Times are taken in the page because the test driver's own steps
 * (finding the element, checking it can be clicked, polling for the row) are not what a user
 * waits for.
 */
const PAGE_CLOCK = `(() => {
  const shown = [];
  let last = null;
  const look = () => {
    const first = document.querySelector('tr[data-peer]')?.getAttribute('data-peer') ?? null;
    if (first === last) return;
    last = first;
    const entry = { name: first, at: 0 };
    shown.push(entry);
    requestAnimationFrame(() => setTimeout(() => (entry.at = performance.now()), 0));
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-peer'] });
  window.__womFirstRows = shown;
  addEventListener('click', (event) => (window.__womClickAt = event.timeStamp), true);
})();`;

/** When the frame showing `name` as the first row ended, on the page's clock (after `after`). */
async function shownAt(page: Page, name: string, after: number): Promise<number> {
  await firstRow(page, name);
  const handle = await page.waitForFunction(
    ([wanted, since]) => (globalThis as unknown as { __womFirstRows: { name: string; at: number }[] }).__womFirstRows.find((entry) => entry.name === wanted && entry.at > since)?.at,
    [name, after] as const,
    { timeout: ROW_TIMEOUT_MS },
  );
  return (await handle.jsonValue()) as number;
}

const lastClickAt = (page: Page) => page.evaluate(() => (globalThis as unknown as { __womClickAt: number }).__womClickAt);

/** The same list call the page makes, bare: what any console showing this page must at least wait for. */
async function floorMs(fleet: SeededFleet, query: string): Promise<number> {
  const url = `${fleet.plane.url}/api/wan/${fleet.wanId}/peers?${query}`;
  const call = async () => {
    const response = await fetch(url);
    if (!response.ok) throw new Error(`GET ${url} → ${response.status}`);
    await response.json();
  };
  await call();
  return median(await timeRuns(RUNS, call));
}

const ratio = (ms: number, floor: number) => `floor: the same list call bare with fetch ${floor.toFixed(1)} ms (ratio ${(ms / floor).toFixed(1)}×)`;

/**
 * The peers page of a 10,000-peer WAN in Chromium, against the control plane with its embedded
 * database: navigation (cold cache, a fresh browser context each run) to the frame that shows
 * the first rows, then a sort and a filter on the loaded page, each from the click to the frame
 * that shows the first row of the new answer, all on the page's clock.
 */
async function peersPageCase(): Promise<CaseOutcome> {
  const fleet = await seedFleet(FLEET);
  const browser = new Browser_();
  try {
    await browser.open();
    const navigation: number[] = [];
    const sorts: number[] = [];
    const filters: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.browser!.newContext({ viewport: { width: 1400, height: 900 } });
      await context.addInitScript({ content: PAGE_CLOCK });
      const page = await context.newPage();
      await page.goto(`${fleet.plane.url}/wans/${fleet.wanId}/peers`);
      navigation.push(await shownAt(page, peerName(1), 0));

      await page.getByRole('columnheader', { name: 'Name' }).click();
      let clicked = await lastClickAt(page);
      sorts.push((await shownAt(page, peerName(FLEET), clicked)) - clicked);

      await page.getByTestId('peer-type').click();
      const option = page.getByRole('option', { name: 'client', exact: true });
      await option.waitFor();
      await option.click();
      clicked = await lastClickAt(page);
      // Clients are the peers with i % 4 = 2; in descending order 9,998 comes first.
      filters.push((await shownAt(page, peerName(FLEET - 2), clicked)) - clicked);
      await context.close();
    }
    const floors = { navigation: await floorMs(fleet, 'sort=name&limit=50&offset=0'), sort: await floorMs(fleet, 'sort=-name&limit=50&offset=0'), filter: await floorMs(fleet, 'type=client&sort=-name&limit=50&offset=0') };
    const where = `${FLEET.toLocaleString('en')} peers, control plane with embedded database on loopback; timed on the page's clock (navigation start or the click event, to the end of the frame showing the row)`;
    return {
      name: `console: navigation → first rows of the peers page, ${FLEET.toLocaleString('en')}-peer WAN (Chromium, cold cache)`,
      target: '≤ 500 ms',
      limitMs: 500,
      medianMs: median(navigation),
      runs: navigation,
      notes: `${where}; ${ratio(median(navigation), floors.navigation)}`,
      related: [
        { name: 'console: peers page sort by name descending → first row', target: '≤ 300 ms', limitMs: 300, medianMs: median(sorts), runs: sorts, notes: `${where}; ${ratio(median(sorts), floors.sort)}` },
        { name: 'console: peers page filter by type → first row', target: '≤ 300 ms', limitMs: 300, medianMs: median(filters), runs: filters, notes: `${where}; ${ratio(median(filters), floors.filter)}` },
      ],
    };
  } finally {
    await browser.close();
    await fleet.stop();
  }
}

export const CONSOLE_LISTS_CASES: Record<string, () => Promise<CaseOutcome>> = {
  'ui-peers-page-10k': peersPageCase,
};
