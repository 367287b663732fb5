import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Browser_, ControlPlane, freePort, REPO } from '../ui/e2e/harness';
import { median, type CaseOutcome } from './measure';

const RUNS = 5;
const CONSOLE = join(REPO, 'ui', 'dist', 'console', 'browser');

/** A WAN of `peers` peers (one hub) created through the API, as an operator would. */
async function seedWan(plane: ControlPlane, topologyType: 'hub-spoke' | 'mesh', peers: number): Promise<string> {
  const wan = await plane.api<{ id: string }>('POST', '/api/wan', { name: `bench-${topologyType}`, topologyType, tunnelIpRange: '10.0.0.0/22' });
  await plane.api('POST', `/api/wan/${wan.id}/peers`, { name: 'hub', type: 'hub', endpoint: 'hub.example.net:51820' });
  const types = ['mikrotik', 'server', 'client', 'generic-router'] as const;
  for (let i = 1; i < peers; i++) {
    const type = types[i % types.length]!;
    await plane.api('POST', `/api/wan/${wan.id}/peers`, { name: `site-${String(i).padStart(3, '0')}`, type, ...(topologyType === 'mesh' ? { endpoint: `site-${i}.example.net:51820` } : {}) });
  }
  return wan.id;
}

/**
 * Time from navigation to a drawn topology: a fresh browser context (cold cache) opens
 * /topology and the clock stops when all peers are in the SVG.
 */
async function topologyCase(topologyType: 'hub-spoke' | 'mesh', peers: number): Promise<CaseOutcome> {
  const plane = new ControlPlane(await freePort(), await freePort());
  const browser = new Browser_();
  try {
    await plane.start();
    const wanId = await seedWan(plane, topologyType, peers);
    await browser.open();
    const runs: number[] = [];
    let links = 0;
    for (let run = 0; run < RUNS; run++) {
      const context = await browser.browser!.newContext({ viewport: { width: 1400, height: 900 } });
      await context.addInitScript(`localStorage.setItem('wom.wan', ${JSON.stringify(wanId)})`);
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(`${plane.url}/topology`);
      await page.locator('g.peer-node').nth(peers - 1).waitFor({ state: 'attached', timeout: 30_000 });
      runs.push(performance.now() - started);
      links = await page.locator('g.edge').count();
      await context.close();
    }
    return {
      name: `console: navigation → rendered ${topologyType} topology of ${peers} peers (Chromium)`,
      target: '≤ 2 s',
      limitMs: 2000,
      medianMs: median(runs),
      runs,
      notes: `${links} links drawn; cold cache each run; control plane with embedded database on loopback`,
    };
  } finally {
    await browser.close();
    await plane.stop();
  }
}

/** Bytes of the scripts index.html loads before the first screen (entry + modulepreloads). */
function initialBundleBytes(): { bytes: number; files: string[] } {
  const html = readFileSync(join(CONSOLE, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+\.js)"/g)].map((m) => m[1]!);
  return { bytes: files.reduce((sum, file) => sum + statSync(join(CONSOLE, file)).size, 0), files };
}

export const UI_CASES: Record<string, () => Promise<CaseOutcome>> = {
  'ui-topology-200-hub-spoke': () => topologyCase('hub-spoke', 200),
  'ui-topology-200-mesh': () => topologyCase('mesh', 200),
  'ui-initial-bundle': async () => {
    const { bytes, files } = initialBundleBytes();
    const limit = 1024 * 1024;
    return {
      name: 'console: initial JavaScript bundle (raw bytes)',
      display: `${(bytes / 1024).toFixed(1)} KiB`,
      target: '≤ 1 MB',
      limitMs: Number.POSITIVE_INFINITY,
      medianMs: 0,
      runs: [],
      passed: bytes <= limit,
      notes: `${(bytes / 1024).toFixed(1)} KiB in ${files.length} files; the topology view loads lazily`,
    };
  },
};
