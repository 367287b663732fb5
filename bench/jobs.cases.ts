import { generateKeyPair } from '@wom/domain';
import { RouterOsEmulator, type EmulatedRouter } from '@wom/routeros';
import { buildControlPlane, startControlPlane, type ControlPlaneProcess } from './control-plane-process';
import type { CaseOutcome } from './measure';

const ROUTERS = 50;
const CONCURRENCY = 10;
const LATENCY_MS = 20;
const USER = 'wom-api';
const PASSWORD = 'bench-router-pass';

async function call(cp: ControlPlaneProcess, method: string, path: string, body: object, expected: readonly number[]): Promise<Record<string, unknown>> {
  const res = await fetch(`${cp.baseUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!expected.includes(res.status)) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

interface DeployAllAnswer {
  summary: { total: number; succeeded: unknown[]; failed: { peerName: string; errorMessage: string | null }[]; unfinished: unknown[] };
}

/** deploy-all through the API and the job runner, answered once every deployment ended. */
async function deployAll(cp: ControlPlaneProcess, wanId: string): Promise<{ ms: number; answer: DeployAllAnswer }> {
  const started = performance.now();
  const answer = (await call(cp, 'POST', `/api/wan/${wanId}/mikrotik/deploy-all`, { waitSeconds: 120 }, [200, 202])) as unknown as DeployAllAnswer;
  return { ms: performance.now() - started, answer };
}

const writes = (routers: readonly EmulatedRouter[]): number => routers.reduce((sum, router) => sum + router.calls.filter((c) => c.method !== 'GET').length, 0);

/**
 * The whole product path of a fleet deployment: the HTTP API queues one job per router, the
 * runner claims them from PostgreSQL ten at a time, the engine deploys over HTTP to emulated
 * routers, and every call, step and backup is recorded. Compare with routeros-deploy-50-routers,
 * the engine alone.
 */
async function deployAllCase(): Promise<CaseOutcome> {
  buildControlPlane();
  const cp = await startControlPlane('postgres', { JOB_CONCURRENCY: String(CONCURRENCY), JOB_POLL_INTERVAL_MS: '200', DRIFT_CHECK_CRON: 'off', MONITOR_INTERVAL_SECONDS: '0', NATS_EMBEDDED: 'false' });
  const emulator = new RouterOsEmulator();
  try {
    const { id: wanId } = (await call(cp, 'POST', '/api/wan', { name: 'bench-fleet', topologyType: 'hub-spoke', tunnelIpRange: '10.0.0.0/24', sharedServicesRange: '10.0.5.0/24' }, [201])) as { id: string };
    await call(cp, 'POST', `/api/wan/${wanId}/peers`, { name: 'hub', type: 'hub', publicKey: generateKeyPair().publicKey, endpoint: 'hub.example.com:51820', listenPort: 51820, subnets: [{ cidr: '10.100.0.0/16' }] }, [201]);
    const routers: EmulatedRouter[] = [];
    for (let i = 0; i < ROUTERS; i++) {
      const router = await emulator.addRouter(`site-${i}`, { users: [{ name: USER, password: PASSWORD, policies: ['read', 'write', 'api', 'rest-api', 'test'] }] });
      router.setLatency(LATENCY_MS);
      routers.push(router);
      const mikrotik = { managementIp: router.host, apiPort: router.port, useSsl: false, username: USER, password: PASSWORD };
      await call(cp, 'POST', `/api/wan/${wanId}/peers`, { name: `site-${i}`, type: 'mikrotik', subnets: [{ cidr: `172.16.${i}.0/24` }], mikrotik }, [201]);
    }

    const first = await deployAll(cp, wanId);
    const firstWrites = writes(routers);
    const again = await deployAll(cp, wanId);
    const redeployWrites = writes(routers) - firstWrites;
    const failures = (answer: DeployAllAnswer) => answer.summary.failed.length + answer.summary.unfinished.length;
    const setting = `${ROUTERS} emulated routers, ${LATENCY_MS} ms per call, JOB_CONCURRENCY ${CONCURRENCY}, PostgreSQL`;
    const firstFailure = first.answer.summary.failed[0];
    return {
      name: 'deploy-all to 50 MikroTik routers through the API and the job runner',
      target: '≤ 25 s',
      limitMs: 25_000,
      medianMs: first.ms,
      runs: [first.ms],
      passed: first.ms <= 25_000 && failures(first.answer) === 0 && first.answer.summary.succeeded.length === ROUTERS,
      notes: `${setting}; ${first.answer.summary.succeeded.length} succeeded, ${failures(first.answer)} failed or unfinished${firstFailure ? ` (first: ${firstFailure.peerName}: ${firstFailure.errorMessage})` : ''}; ${Math.round(firstWrites / ROUTERS)} writes per router`,
      related: [
        {
          name: 'deploy-all again with nothing changed',
          target: '≤ 10 s, 0 writes',
          limitMs: 10_000,
          medianMs: again.ms,
          runs: [again.ms],
          passed: again.ms <= 10_000 && redeployWrites === 0 && failures(again.answer) === 0,
          notes: `${redeployWrites} write calls in total`,
        },
      ],
    };
  } finally {
    await emulator.close();
    await cp.stop();
  }
}

const UNDEPLOY_LATENCY_MS = 30;

/** `/interface` lists every interface again (a read-only view); the rows live in their own menus. */
const configMenus = (router: EmulatedRouter) => Object.entries(router.snapshot()).filter(([menu]) => menu !== '/interface');
const ours = (row: Record<string, string>) => (row['comment'] ?? '').startsWith('WAN-Overlay-Manager:');
const managed = (routers: readonly EmulatedRouter[]): number => routers.reduce((sum, router) => sum + configMenus(router).flatMap(([, rows]) => rows.filter(ours)).length, 0);

/**
 * Deleting a WAN whose 50 routers each hold a full mesh (49 WireGuard peers and their routes,
 * addresses and rules): DELETE /api/wan/:id until the WAN is gone, i.e. every router's undeploy
 * job succeeded. Floors, in the same run: the same routers' managed rows deleted by bare REST
 * DELETEs, ten routers at a time, one row after another, and by bare batched removes (one
 * `POST <menu>/remove` per menu and router, as the engine sends them), with the same per-call latency.
 */
async function undeployCase(): Promise<CaseOutcome> {
  buildControlPlane();
  // BENCH_CP_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the control plane, as in monitoring.cases.ts.
  const cp = await startControlPlane('postgres', { JOB_CONCURRENCY: String(CONCURRENCY), JOB_POLL_INTERVAL_MS: '200', DRIFT_CHECK_CRON: 'off', MONITOR_INTERVAL_SECONDS: '0', NATS_EMBEDDED: 'false' }, process.env['BENCH_CP_NODE_ARGS']?.split(' ') ?? []);
  const emulator = new RouterOsEmulator();
  try {
    const { id: wanId } = (await call(cp, 'POST', '/api/wan', { name: 'bench-undeploy', topologyType: 'mesh', tunnelIpRange: '10.0.0.0/24', sharedServicesRange: '10.0.5.0/24' }, [201])) as { id: string };
    const routers: EmulatedRouter[] = [];
    for (let i = 0; i < ROUTERS; i++) {
      const router = await emulator.addRouter(`mesh-${i}`, { users: [{ name: USER, password: PASSWORD, policies: ['read', 'write', 'api', 'rest-api', 'test'] }] });
      routers.push(router);
      const mikrotik = { managementIp: router.host, apiPort: router.port, useSsl: false, username: USER, password: PASSWORD };
      await call(cp, 'POST', `/api/wan/${wanId}/peers`, { name: `mesh-${i}`, type: 'mikrotik', endpoint: `198.51.100.${i + 1}:51820`, listenPort: 51820, subnets: [{ cidr: `172.16.${i}.0/24` }], mikrotik }, [201]);
    }
    const deployed = await deployAll(cp, wanId);
    if (deployed.answer.summary.succeeded.length !== ROUTERS) throw new Error(`deploy-all failed: ${JSON.stringify(deployed.answer.summary.failed[0])}`);
    const rows = managed(routers);

    // Floors: the bare deletes, then the bare batched removes; the routers are deployed again after each.
    const auth = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
    const bareRemoval = async (removeMenu: (router: EmulatedRouter, menu: string, ids: string[]) => Promise<void>): Promise<number> => {
      routers.forEach((router) => router.setLatency(UNDEPLOY_LATENCY_MS));
      const started = performance.now();
      const queue = [...routers];
      await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
        for (let router = queue.shift(); router; router = queue.shift()) {
          // Dependents first (peers, addresses, routes, rules), the interface last, as the engine orders them.
          for (const [menu, menuRows] of configMenus(router).reverse()) {
            const ids = menuRows.filter(ours).map((row) => row['.id'] ?? '');
            if (ids.length > 0) await removeMenu(router, menu, ids);
          }
        }
      }));
      const ms = performance.now() - started;
      routers.forEach((router) => router.setLatency(0));
      await deployAll(cp, wanId);
      routers.forEach((router) => router.setLatency(UNDEPLOY_LATENCY_MS));
      return ms;
    };
    const floorMs = await bareRemoval(async (router, menu, ids) => {
      for (const id of ids) {
        const res = await fetch(`${router.url}/rest${menu}/${id}`, { method: 'DELETE', headers: { authorization: auth } });
        if (!res.ok && res.status !== 404) throw new Error(`DELETE ${menu} answered ${res.status}`);
      }
    });
    // One POST <menu>/remove per menu (at most 100 ids a call, as the engine sends them).
    const batchedFloorMs = await bareRemoval(async (router, menu, ids) => {
      for (let at = 0; at < ids.length; at += 100) {
        const res = await fetch(`${router.url}/rest${menu}/remove`, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ numbers: ids.slice(at, at + 100).join(',') }) });
        if (!res.ok) throw new Error(`POST ${menu}/remove answered ${res.status}`);
      }
    });

    const started = performance.now();
    const answer = await call(cp, 'DELETE', `/api/wan/${wanId}`, {}, [202]);
    for (let status = 200; status !== 404; ) {
      if (performance.now() - started > 300_000) throw new Error('the WAN was not removed within 300 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = (await fetch(`${cp.baseUrl}/api/wan/${wanId}`)).status;
    }
    const ms = performance.now() - started;
    const left = managed(routers);
    return {
      name: 'delete a WAN: undeploy a 50-router full mesh (49 peers each) until the WAN is gone',
      target: '≤ 10 s, 0 managed rows left',
      limitMs: 10_000,
      medianMs: ms,
      runs: [ms],
      passed: ms <= 10_000 && left === 0,
      notes: `${ROUTERS} emulated routers, ${UNDEPLOY_LATENCY_MS} ms per call, JOB_CONCURRENCY ${CONCURRENCY}, PostgreSQL; ${(answer['jobIds'] as unknown[]).length} undeploy jobs; ${rows} managed rows before, ${left} after. Floors: the same rows deleted by bare REST DELETEs, ten routers at a time, ${Math.round(floorMs)} ms (ratio ${(ms / floorMs).toFixed(1)}×); by bare batched removes, one POST <menu>/remove per menu and router, ${Math.round(batchedFloorMs)} ms (ratio ${(ms / batchedFloorMs).toFixed(1)}×). The engine batches the same way, after a connection test, a read of every menu and a backup per router.`,
    };
  } finally {
    await emulator.close();
    await cp.stop();
  }
}

export const JOBS_CASES: Record<string, () => Promise<CaseOutcome>> = {
  'jobs-deploy-all-50-routers': deployAllCase,
  'jobs-undeploy-50-routers': undeployCase,
};
