import { buildControlPlane, startControlPlane, type ControlPlaneProcess } from './control-plane-process';
import { closedLoopLoad, openLoopLoad, type LoadResult } from './load';
import type { CaseOutcome } from './measure';

const PEERS = 1000;
const CONFIG_CONNECTIONS = 50;
const LIST_CONNECTIONS = 10;
const LOAD_MS = 10_000;
/** The offered rates the latency targets hold at: the 500 req/s for configs. */
const CONFIG_RATE = 500;
const LIST_RATE = 100;

async function post(cp: ControlPlaneProcess, path: string, body: object): Promise<{ id: string }> {
  const res = await fetch(`${cp.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (res.status !== 201) throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as { id: string };
}

/**
 * A 1,000-peer hub-spoke WAN, made the way an operator would: one request per peer. One in
 * three peers is a site router with its own LAN; the rest are servers and laptops.
 */
async function createWan(cp: ControlPlaneProcess): Promise<{ wanId: string; peerIds: string[]; createMs: number }> {
  const { id: wanId } = await post(cp, '/api/wan', { name: 'bench', topologyType: 'hub-spoke', tunnelIpRange: '10.0.0.0/22', sharedServicesRange: '10.0.8.0/24' });
  const peerIds: string[] = [];
  const started = performance.now();
  for (let i = 0; i < PEERS; i++) {
    const body =
      i === 0
        ? { name: 'hub', type: 'hub', endpoint: 'hub.example.com:51820', listenPort: 51820 }
        : i % 3 === 0
          ? { name: `site-${i}`, type: 'generic-router', subnets: [{ cidr: `172.${16 + (i >> 8)}.${i & 255}.0/24` }] }
          : { name: `node-${i}`, type: i % 3 === 1 ? 'server' : 'client' };
    peerIds.push((await post(cp, `/api/wan/${wanId}/peers`, body)).id);
  }
  return { wanId, peerIds, createMs: performance.now() - started };
}

/** Waits (bounded, 60 s) until the control plane uses under 5% of a core for a whole second. */
async function waitUntilIdle(cp: ControlPlaneProcess): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < 60_000) {
    const before = cp.cpuMs();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    if (cp.cpuMs() - before < 50) break;
  }
  return performance.now() - started;
}

const describeLoad = (r: LoadResult, connections: number) =>
  `${r.requests.toLocaleString('en')} requests at ${connections} connections in ${r.seconds.toFixed(1)} s: ${r.rps.toFixed(0)} req/s, p50 ${r.p50Ms.toFixed(1)} ms, p99 ${r.p99Ms.toFixed(1)} ms, ${r.errors} non-200`;

async function apiCase(store: 'postgres' | 'pglite'): Promise<CaseOutcome> {
  const label = store === 'postgres' ? 'PostgreSQL' : 'embedded PGlite';
  // The targets are PostgreSQL's; the embedded database (one in-process connection) is reported.
  const judged = (outcome: CaseOutcome): CaseOutcome => (store === 'postgres' ? outcome : { ...outcome, target: 'reported', limitMs: Infinity, passed: true });
  buildControlPlane();
  const cp = await startControlPlane(store);
  try {
    const { wanId, peerIds, createMs } = await createWan(cp);
    // The publisher and auto-deploy follow the 1,000 creations in the background; measure the
    // steady state after them, as a NOC would see it, not the catch-up.
    const settleMs = await waitUntilIdle(cp);
    let next = 0;
    const configPath = () => `/api/peers/${peerIds[next++ % peerIds.length]}/config`;
    const listPath = () => `/api/wan/${wanId}/peers?limit=50&offset=${50 * (next++ % (PEERS / 50))}`;
    // Capacity: as fast as 50 connections go. Latency: at the target rate over the same 50.
    const cpuBefore = cp.cpuMs();
    const configMax = await closedLoopLoad(cp.baseUrl, { connections: CONFIG_CONNECTIONS, durationMs: LOAD_MS, path: configPath });
    const cpuPerRequest = (cp.cpuMs() - cpuBefore) / configMax.requests;
    const config = await openLoopLoad(cp.baseUrl, { connections: CONFIG_CONNECTIONS, rate: CONFIG_RATE, durationMs: LOAD_MS, path: configPath });
    const listMax = await closedLoopLoad(cp.baseUrl, { connections: LIST_CONNECTIONS, durationMs: LOAD_MS, path: listPath });
    const list = await openLoopLoad(cp.baseUrl, { connections: LIST_CONNECTIONS, rate: LIST_RATE, durationMs: LOAD_MS, path: listPath });
    return judged({
      name: `${label}: GET /api/peers/:id/config, 1,000-peer WAN`,
      target: '≤ 50 ms p99 at 500 req/s over 50 connections; capacity ≥ 500 req/s',
      limitMs: 50,
      medianMs: config.p99Ms,
      runs: [config.p50Ms, config.p99Ms],
      passed: config.p99Ms <= 50 && configMax.rps >= 500 && config.errors === 0 && configMax.errors === 0,
      notes: `median column is the p99; runs are p50, p99. At ${CONFIG_RATE} req/s offered: ${describeLoad(config, CONFIG_CONNECTIONS)}. Capacity, closed loop: ${describeLoad(configMax, CONFIG_CONNECTIONS)}; control-plane CPU ${cpuPerRequest.toFixed(2)} ms per request`,
      related: [
        judged({
          name: `${label}: GET /api/wan/:id/peers (pages of 50)`,
          target: '≤ 100 ms p99',
          limitMs: 100,
          medianMs: list.p99Ms,
          runs: [list.p50Ms, list.p99Ms],
          passed: list.p99Ms <= 100 && list.errors === 0 && listMax.errors === 0,
          notes: `median column is the p99; runs are p50, p99. At ${LIST_RATE} req/s offered: ${describeLoad(list, LIST_CONNECTIONS)}. Capacity, closed loop: ${describeLoad(listMax, LIST_CONNECTIONS)}`,
        }),
        judged({
          name: `${label}: create 1,000 peers, one request at a time`,
          target: '≤ 60 s in total',
          limitMs: 60_000,
          medianMs: createMs,
          runs: [createMs],
          notes: `${(createMs / PEERS).toFixed(1)} ms per peer on average (allocation, conflict check, outbox and audit in each transaction); background publishing settled ${(settleMs / 1000).toFixed(1)} s later`,
        }),
      ],
    });
  } finally {
    await cp.stop();
  }
}

export const API_CASES: Record<string, () => Promise<CaseOutcome>> = {
  'api-postgres-1000-peers': () => apiCase('postgres'),
  'api-pglite-1000-peers': () => apiCase('pglite'),
};
