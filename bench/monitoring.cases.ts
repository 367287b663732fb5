import { spawn, type ChildProcess } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { generateKeyPair } from '@wom/domain';
import { RouterOsClient, readRouterHealth, readWireguardPeerStats } from '@wom/routeros';
import { buildControlPlane, startControlPlane, type ControlPlaneProcess } from './control-plane-process';
import { median, type CaseOutcome } from './measure';

const ROUTERS = 500;
const INTERVAL_S = 10;
/** The defaults the control plane runs with: MONITOR_CONCURRENCY and the request timeout at 10 s. */
const CONCURRENCY = 50;
const REQUEST_TIMEOUT_MS = 2_000;
const WINDOWS = 5;
const IDLE_MS = 20_000;
const USER = 'wom-monitor';
const PASSWORD = 'bench-monitor-pass';
const INTERFACE = 'wg-wan-overlay';
const ROOT = process.cwd();

async function api(cp: ControlPlaneProcess, method: string, path: string, body?: object): Promise<Record<string, unknown>> {
  const res = await fetch(`${cp.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the emulated fleet in its own process (bench/monitoring-fleet.ts, through tsx: it is
 * not measured) and returns the routers' ports.
 */
async function startFleet(hubKey: string): Promise<{ child: ChildProcess; ports: number[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'bench', 'monitoring-fleet.ts'), String(ROUTERS), hubKey, USER, PASSWORD, INTERFACE], {
    cwd: ROOT,
    env: { ...process.env, TSX_TSCONFIG_PATH: join(ROOT, 'tsconfig.base.json') },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`the router fleet exited with ${code}`)));
  });
  return { child, ports: (JSON.parse(line) as { ports: number[] }).ports };
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function boundedPool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++] as T);
  }));
}

/**
 * The floor: the same reads of the same routers from this process, the way the monitor makes
 * them (one client per router kept across rounds, three GETs over one connection, the same
 * bound, rounds an interval apart so the routers close the idle connections in between as they
 * do for the monitor), recording nothing. CPU milliseconds per round.
 */
async function floorCpuMsPerRound(ports: readonly number[], rounds: number): Promise<number> {
  const clients = ports.map((port) => new RouterOsClient({ host: '127.0.0.1', port, protocol: 'http', username: USER, password: PASSWORD, timeoutMs: REQUEST_TIMEOUT_MS, retry: { maxAttempts: 1 }, connections: 1 }));
  const round = () =>
    boundedPool(clients, CONCURRENCY, async (client) => {
      await readRouterHealth(client);
      await readWireguardPeerStats(client, INTERFACE);
    });
  try {
    await round();
    let cpuMs = 0;
    for (let i = 0; i < rounds; i++) {
      await sleep(INTERVAL_S * 1000);
      const before = process.cpuUsage();
      await round();
      const used = process.cpuUsage(before);
      cpuMs += (used.user + used.system) / 1000;
    }
    return cpuMs / rounds;
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
}

interface HealthFrame {
  readonly peerId: string;
  readonly apiStatus: string;
  readonly at: number;
}

/** `router.health` events for `durationMs`, from the SSE stream. */
function collectHealthEvents(cp: ControlPlaneProcess, durationMs: number): Promise<HealthFrame[]> {
  return new Promise((resolve, reject) => {
    const frames: HealthFrame[] = [];
    let buffer = '';
    const req = httpRequest(`${cp.baseUrl}/api/events?types=router.health`, { headers: { Accept: 'text/event-stream' } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        const parts = buffer.split('\n\n');
        buffer = parts.pop() ?? '';
        for (const part of parts) {
          const data = part.split('\n').find((line) => line.startsWith('data: '));
          if (!data) continue;
          const event = JSON.parse(data.slice(6)) as { peerId: string; apiStatus: string; at: string };
          frames.push({ peerId: event.peerId, apiStatus: event.apiStatus, at: Date.parse(event.at) });
        }
      });
    });
    req.on('error', reject);
    req.end();
    setTimeout(() => {
      req.destroy();
      resolve(frames);
    }, durationMs);
  });
}

/** Splits readings into rounds at gaps of 3 s or more (reads spread over 4 s, then 6 s of quiet). */
function rounds(frames: readonly HealthFrame[]): HealthFrame[][] {
  const sorted = [...frames].sort((a, b) => a.at - b.at);
  const groups: HealthFrame[][] = [];
  for (const frame of sorted) {
    const last = groups[groups.length - 1];
    if (last && frame.at - last[last.length - 1]!.at < 3_000) last.push(frame);
    else groups.push([frame]);
  }
  return groups;
}

/**
 * 500 emulated routers (plain HTTP on loopback, another process) read by the built control
 * plane on PostgreSQL every 10 s. The monitoring CPU is the control plane's CPU over five
 * 10 s windows less its idle rate, measured in the same process before the routers had
 * management addresses; the floor is the bare reads of the same routers from this process.
 */
async function monitoring500(): Promise<CaseOutcome> {
  buildControlPlane();
  // BENCH_CP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the control plane, to see where a round's CPU goes.
  const cp = await startControlPlane('postgres', { MONITOR_INTERVAL_SECONDS: String(INTERVAL_S), DRIFT_CHECK_CRON: 'off', NATS_EMBEDDED: 'false' }, process.env['BENCH_CP_NODE_ARGS']?.split(' ') ?? []);
  const hubKey = generateKeyPair().publicKey;
  let fleet: Awaited<ReturnType<typeof startFleet>> | undefined;
  try {
    fleet = await startFleet(hubKey);
    const { id: wanId } = (await api(cp, 'POST', '/api/wan', { name: 'bench-monitoring', topologyType: 'hub-spoke', tunnelIpRange: '10.0.0.0/22', sharedServicesRange: '10.0.8.0/24' })) as { id: string };
    await api(cp, 'POST', `/api/wan/${wanId}/peers`, { name: 'hub', type: 'hub', publicKey: hubKey, endpoint: 'hub.example.com:51820', listenPort: 51820, subnets: [{ cidr: '10.100.0.0/16' }] });
    const peerIds: string[] = [];
    for (let i = 0; i < ROUTERS; i++) peerIds.push(((await api(cp, 'POST', `/api/wan/${wanId}/peers`, { name: `site-${i}`, type: 'mikrotik' })) as { id: string }).id);

    // Idle: the same process, nothing to read yet (no router has a management address).
    await sleep(3_000);
    const idleStart = { cpu: cp.cpuMs(), at: performance.now() };
    await sleep(IDLE_MS);
    const idleMsPerS = (cp.cpuMs() - idleStart.cpu) / ((performance.now() - idleStart.at) / 1000);

    for (const [i, peerId] of peerIds.entries()) {
      await api(cp, 'PUT', `/api/peers/${peerId}`, { mikrotik: { managementIp: '127.0.0.1', apiPort: fleet.ports[i], useSsl: false, username: USER, password: PASSWORD } });
    }
    // Every router read once, then three rounds for the configuration changes (and the JIT) to settle: steady state is measured.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const { links } = (await api(cp, 'GET', `/api/wan/${wanId}/links`)) as { links: { stats: unknown }[] };
      if (links.filter((l) => l.stats !== null).length === ROUTERS) break;
      if (Date.now() > deadline) throw new Error('not every router was read within 2 minutes');
      await sleep(1_000);
    }
    await sleep(3 * INTERVAL_S * 1000);

    const windows: number[] = [];
    let last = { cpu: cp.cpuMs(), at: performance.now() };
    for (let w = 0; w < WINDOWS; w++) {
      await sleep(INTERVAL_S * 1000);
      const now = { cpu: cp.cpuMs(), at: performance.now() };
      const seconds = (now.at - last.at) / 1000;
      // CPU per 10 s of monitoring, idle rate taken off.
      windows.push(((now.cpu - last.cpu - idleMsPerS * seconds) / seconds) * INTERVAL_S);
      last = now;
    }
    const monitoringMsPerRound = windows.reduce((sum, ms) => sum + ms, 0) / windows.length;
    const percentOfCore = (monitoringMsPerRound / (INTERVAL_S * 1000)) * 100;

    const frames = await collectHealthEvents(cp, 3 * INTERVAL_S * 1000 + 2_000);
    const complete = rounds(frames).filter((group) => new Set(group.map((f) => f.peerId)).size === ROUTERS);
    const durations = complete.map((group) => group[group.length - 1]!.at - group[0]!.at);
    const failed = frames.filter((f) => f.apiStatus !== 'connected').length;
    const perRouter = complete.map((group) => group.length / ROUTERS);

    const floorMs = await floorCpuMsPerRound(fleet.ports, 3);
    const ratio = monitoringMsPerRound / floorMs;
    const roundMs = durations.length > 0 ? median(durations) : 0;
    const setting = `${ROUTERS} emulated routers over plain HTTP on loopback (another process), PostgreSQL, MONITOR_INTERVAL_SECONDS ${INTERVAL_S}, MONITOR_CONCURRENCY ${CONCURRENCY}`;
    return {
      name: 'monitoring 500 MikroTik routers every 10 s: control-plane CPU',
      target: '≤ 10% of one core',
      display: `${percentOfCore.toFixed(1)}% of one core`,
      // Judged on the CPU share below, not on a time.
      limitMs: 0,
      medianMs: median(windows),
      runs: windows,
      passed: percentOfCore <= 10 && failed === 0 && complete.length > 0,
      notes: `${setting}; ${monitoringMsPerRound.toFixed(0)} ms CPU per round (runs: per 10 s window, idle ${idleMsPerS.toFixed(1)} ms/s taken off). Floor: the bare reads of the same routers, ${floorMs.toFixed(0)} ms CPU per round; monitoring is ${ratio.toFixed(1)}× the floor (the difference: storing health and link counters, a few multi-row SQL statements a round as readings are batched for up to 250 ms; the events; the scheduling). ${failed} failed reads.`,
      related: [
        {
          name: 'one monitoring round over the 500 routers (first read to last)',
          target: '≤ 10 s (the interval)',
          limitMs: INTERVAL_S * 1000,
          medianMs: roundMs,
          runs: durations,
          passed: durations.length > 0 && roundMs <= INTERVAL_S * 1000,
          notes: `reads start spread over the first 4 s; ${complete.length} complete rounds observed over SSE, ${perRouter.map((n) => n.toFixed(2)).join(', ')} router.health events per router per round`,
        },
      ],
    };
  } finally {
    const child = fleet?.child;
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.stdin?.end();
      await exited;
    }
    await cp.stop();
  }
}

export const MONITORING_CASES: Record<string, () => Promise<CaseOutcome>> = {
  'monitoring-500-routers': monitoring500,
};
