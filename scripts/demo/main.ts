import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ControlPlaneProcess } from './control-plane-process';
import { waitFor } from './demo-api';
import { DEMO_PLAN } from './demo-plan';
import { startDemo, type RunningDemo } from './run-demo';

/**
 * `npm run demo`: a fresh demo WAN on the embedded database, with three emulated MikroTik
 * offices deployed and live tunnel statistics, until Ctrl-C.
 *
 *   DEMO_PORT=9090 npm run demo
 */

const MONITOR_INTERVAL_SECONDS = 5;
const TRAFFIC_INTERVAL_MS = 5_000;

function demoPort(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 8080;
  const port = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || port < 1 || port > 65_535) {
    throw new Error(`DEMO_PORT must be a port number from 1 to 65535, got "${raw}".`);
  }
  return port;
}

function say(line: string): void {
  process.stdout.write(`[demo] ${line}\n`);
}

/** Waits (bounded) for the first monitoring rounds to show handshakes, then prints who is online. */
async function reportStatuses(demo: RunningDemo): Promise<void> {
  type Status = { peers: { total: number; online: number } };
  const status = await waitFor(
    'the first router monitoring round',
    async () => {
      const body = await demo.api.get<Status>(`/api/wan/${demo.seeded.wanId}/status`);
      // Every router answers the monitor, and the hub shows up through the routers' handshakes.
      return body.peers.online > DEMO_PLAN.offices.length ? body : undefined;
    },
    (MONITOR_INTERVAL_SECONDS * 3 + 5) * 1000,
  ).catch(() => undefined);
  if (status) say(`Live: ${status.peers.online} of ${status.peers.total} peers online (routers and the hub they handshake with); statistics refresh every ${MONITOR_INTERVAL_SECONDS} s.`);
  else say('The first router monitoring round has not reported yet; statuses appear within a minute.');
}

function printWhereToLook(repoRoot: string, demo: RunningDemo): void {
  const base = demo.controlPlane.baseUrl;
  const wan = `${base}/api/wan/${demo.seeded.wanId}`;
  if (existsSync(join(repoRoot, 'ui', 'dist', 'console', 'browser', 'index.html'))) {
    say(`Open the console: ${base}/`);
  } else {
    say('The console is not built (npx nx run ui:build), so here is the API:');
  }
  for (const [what, url] of [
    ['topology', `${wan}/topology`],
    ['status', `${wan}/status`],
    ['peers', `${wan}/peers`],
    ['services', `${wan}/services`],
    ['conflicts (resolved)', `${wan}/conflicts?status=resolved`],
    ['deployment jobs', `${base}/api/jobs?type=deploy-config`],
    ['events (SSE)', `${base}/api/events`],
    ['API reference', `${base}/api/docs`],
  ] as const) {
    say(`  ${what.padEnd(22)} ${url}`);
  }
}

async function main(): Promise<void> {
  const repoRoot = resolve(__dirname, '..', '..');
  const port = demoPort(process.env['DEMO_PORT']);
  const dataDir = join(repoRoot, 'data', 'demo');

  // Installed first: a Ctrl-C while starting must still stop the (detached) control plane.
  const startup = new AbortController();
  let demo: RunningDemo | undefined = undefined;
  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    if (!demo) {
      say(`${signal}: stopping what has started so far, once the current step ends...`);
      startup.abort();
      return;
    }
    say(`${signal}: stopping the control plane (pid ${demo.controlPlane.pid}) and the emulated routers...`);
    demo.stop().then(
      () => {
        say('Stopped.');
        process.exit(0);
      },
      (error: unknown) => {
        say(`Stopping failed: ${(error as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('Ctrl-C'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  rmSync(dataDir, { recursive: true, force: true });
  say('Building the control plane...');
  ControlPlaneProcess.build(repoRoot);
  startup.signal.throwIfAborted();

  demo = await startDemo({
    repoRoot,
    plan: DEMO_PLAN,
    port,
    dataDir,
    monitorIntervalSeconds: MONITOR_INTERVAL_SECONDS,
    trafficIntervalMs: TRAFFIC_INTERVAL_MS,
    // The demo always runs on its own embedded database, whatever the shell has set.
    env: { DATABASE_URL: '' },
    log: say,
    signal: startup.signal,
  });

  await reportStatuses(demo);
  printWhereToLook(repoRoot, demo);
  say('Press Ctrl-C to stop.');
}

main().catch((error: unknown) => {
  if (error instanceof Error && error.name === 'AbortError') {
    say('Stopped before the demo was up.');
    return;
  }
  say(`The demo could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
