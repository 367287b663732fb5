import { cpSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, CDPSession } from 'playwright-core';
import { Browser_, ControlPlane, freePort, REPO } from '../ui/e2e/harness';
import { median, type CaseOutcome } from './measure';

const RUNS = 5;
const DEADLINE_MS = 30_000;
const KIB = 1024;
const LIMIT_SCRIPT_BYTES = 250 * KIB;
const LIMIT_FCP_MS = 1000;

/** One cold load: what went over the wire and when the first content was painted. */
interface Load {
  /** Bytes of JavaScript on the wire (headers and compressed bodies: CDP's encodedDataLength). */
  readonly scriptWireBytes: number;
  /** The same scripts' sizes on disk, uncompressed. */
  readonly scriptRawBytes: number;
  readonly scripts: number;
  /** Every response on the wire, scripts or not. */
  readonly totalWireBytes: number;
  readonly fcpMs: number;
  /** From navigation to the first screen done (for the dashboard: its figures shown). */
  readonly readyMs: number;
}

/**
 * The folder the control plane serves: the console the bench was asked to measure
 * (WOM_E2E_CONSOLE_DIR, as the e2e specs take it) or the one `nx run ui:build` made.
 */
function builtConsole(): string {
  return process.env['WOM_E2E_CONSOLE_DIR'] ? join(process.env['WOM_E2E_CONSOLE_DIR'], 'browser') : join(REPO, 'ui', 'dist', 'console', 'browser');
}

/** A page with one line of text and nothing else: the quickest first paint this server can give. */
const FLOOR_PAGE = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>floor</title><link rel="icon" href="data:,"></head><body><h1>WAN Overlay Manager</h1></body></html>';

/**
 * Counts every response of a page through CDP until the page is done with `settled`; the
 * scripts' sizes on disk come from the folder served.
 */
async function measureLoad(context: BrowserContext, url: string, consoleDir: string, settled: (page: Awaited<ReturnType<BrowserContext['newPage']>>) => Promise<unknown>): Promise<Load> {
  const page = await context.newPage();
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const kinds = new Map<string, { type: string; url: string }>();
  const pending = new Set<string>();
  let onIdle: (() => void) | null = null;
  const done = (requestId: string) => {
    pending.delete(requestId);
    if (pending.size === 0) onIdle?.();
  };
  let scriptWireBytes = 0;
  let scriptRawBytes = 0;
  let scripts = 0;
  let totalWireBytes = 0;
  cdp.on('Network.requestWillBeSent', (event) => {
    kinds.set(event.requestId, { type: event.type ?? 'Other', url: event.request.url });
    if (event.type === 'Script') pending.add(event.requestId);
  });
  cdp.on('Network.responseReceived', (event) => kinds.set(event.requestId, { type: event.type, url: event.response.url }));
  cdp.on('Network.loadingFailed', (event) => done(event.requestId));
  cdp.on('Network.loadingFinished', (event) => {
    done(event.requestId);
    totalWireBytes += event.encodedDataLength;
    const kind = kinds.get(event.requestId);
    if (kind?.type !== 'Script') return;
    scripts++;
    scriptWireBytes += event.encodedDataLength;
    scriptRawBytes += statSync(join(consoleDir, new URL(kind.url).pathname)).size;
  });
  await page.goto(url);
  await settled(page);
  const readyMs = await page.evaluate(() => performance.now());
  // Everything the first screen needs has been requested by now; wait for the last script to arrive.
  if (pending.size > 0) {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => (onIdle = resolve)),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`scripts still loading after ${DEADLINE_MS} ms: ${[...pending].map((id) => kinds.get(id)?.url).join(', ')}`)), DEADLINE_MS))),
    ]).finally(() => clearTimeout(timer));
  }
  const fcpMs = await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime, undefined, { timeout: DEADLINE_MS }).then((handle) => handle.jsonValue() as Promise<number>);
  await page.close();
  return { scriptWireBytes, scriptRawBytes, scripts, totalWireBytes, fcpMs, readyMs };
}

/**
 * A cold dashboard (fresh context, cache disabled) against the control plane with its embedded
 * database, RUNS times; and as the floor, a bare static page from the same server the same way.
 */
export async function coldDashboardCase(): Promise<CaseOutcome> {
  // A copy of the console with the floor page beside it, so both come from one server and one folder.
  const served = mkdtempSync(join(tmpdir(), 'wom-bench-console-'));
  cpSync(builtConsole(), join(served, 'browser'), { recursive: true });
  writeFileSync(join(served, 'browser', 'floor.html'), FLOOR_PAGE);
  const previous = process.env['WOM_E2E_CONSOLE_DIR'];
  process.env['WOM_E2E_CONSOLE_DIR'] = served;
  const plane = new ControlPlane(await freePort(), await freePort());
  const browser = new Browser_();
  try {
    await plane.start();
    const wan = await plane.api<{ id: string }>('POST', '/api/wan', { name: 'bench-dashboard', topologyType: 'hub-spoke', tunnelIpRange: '10.0.0.0/24' });
    await plane.api('POST', `/api/wan/${wan.id}/peers`, { name: 'hub', type: 'hub', endpoint: 'hub.example.net:51820' });
    for (let i = 1; i <= 5; i++) await plane.api('POST', `/api/wan/${wan.id}/peers`, { name: `site-${i}`, type: i % 2 ? 'client' : 'server' });
    await browser.open();
    const loads: Load[] = [];
    const floors: Load[] = [];
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.browser!.newContext({ viewport: { width: 1400, height: 900 } });
      try {
        await context.addInitScript(`localStorage.setItem('wom.wan', ${JSON.stringify(wan.id)})`);
        floors.push(await measureLoad(context, `${plane.url}/floor.html`, join(served, 'browser'), (page) => page.getByRole('heading', { name: 'WAN Overlay Manager' }).waitFor({ timeout: DEADLINE_MS })));
        loads.push(await measureLoad(context, `${plane.url}/`, join(served, 'browser'), (page) => page.getByTestId('stat-peers').filter({ hasText: '6' }).waitFor({ timeout: DEADLINE_MS })));
      } finally {
        await context.close();
      }
    }
    const load = loads[0]!;
    const wire = median(loads.map((l) => l.scriptWireBytes));
    const raw = median(loads.map((l) => l.scriptRawBytes));
    const fcp = median(loads.map((l) => l.fcpMs));
    const floorFcp = median(floors.map((l) => l.fcpMs));
    return {
      name: 'console: cold dashboard, JavaScript transferred (compressed bytes, Chromium)',
      display: `${(wire / KIB).toFixed(1)} KiB`,
      target: '≤ 250 KiB',
      limitMs: Number.POSITIVE_INFINITY,
      medianMs: 0,
      runs: [],
      passed: wire <= LIMIT_SCRIPT_BYTES,
      notes:
        `${load.scripts} scripts; floor: the same scripts uncompressed, ${(raw / KIB).toFixed(1)} KiB; ratio ${(wire / raw).toFixed(2)} of the floor; ` +
        `all responses ${(median(loads.map((l) => l.totalWireBytes)) / KIB).toFixed(1)} KiB; cold cache, control plane with embedded database on loopback`,
      related: [
        {
          name: 'console: cold dashboard, first contentful paint (Chromium)',
          target: '≤ 1 s',
          limitMs: LIMIT_FCP_MS,
          medianMs: fcp,
          runs: loads.map((l) => l.fcpMs),
          notes:
            `floor: a bare static page from the same server, FCP ${floorFcp.toFixed(0)} ms (runs ${floors.map((l) => l.fcpMs.toFixed(0)).join(', ')}); ratio ${(fcp / floorFcp).toFixed(1)}× the floor; ` +
            `the first paint is the boot bar in index.html; the dashboard's figures show after ${median(loads.map((l) => l.readyMs)).toFixed(0)} ms (median)`,
        },
      ],
    };
  } finally {
    await browser.close();
    await plane.stop();
    if (previous === undefined) delete process.env['WOM_E2E_CONSOLE_DIR'];
    else process.env['WOM_E2E_CONSOLE_DIR'] = previous;
    rmSync(served, { recursive: true, force: true });
  }
}
