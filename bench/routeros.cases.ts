import { generateKeyPair, type DesiredState, type WireGuardPeerEntry } from '@wom/domain';
import { RouterOsClient, RouterOsEmulator, loadBranchOfficeScenario, runDeployment, type DeploymentResult, type EmulatedRouter } from '@wom/routeros';
import type { CaseOutcome } from './measure';

const ROUTERS = 50;
const PEERS_PER_ROUTER = 20;
const LATENCY_MS = 30;
const CONCURRENCY = 10;

/** Deterministic keys: benchmark runs must plan the same rows every time. */
function publicKey(seed: number): string {
  return generateKeyPair((length) => Uint8Array.from({ length }, (_, i) => (seed * 131 + i * 17 + 3) & 0xff)).publicKey;
}

/** Site `site` of a 51-site hub-and-spoke-like WAN, with 20 remote peers each routing a /24. */
function siteState(site: number, keys: readonly string[], extraPeer = false): DesiredState {
  const remotes = PEERS_PER_ROUTER + (extraPeer ? 1 : 0);
  const peers: WireGuardPeerEntry[] = Array.from({ length: remotes }, (_, index) => ({
    peerId: `00000000-0000-4000-8000-${String(index).padStart(12, '0')}`,
    name: `remote-${index}`,
    publicKey: keys[index] ?? '',
    endpoint: index === 0 ? { host: 'hub.example.net', port: 51820 } : null,
    persistentKeepalive: index === 0 ? 25 : null,
    allowedIps: [`10.0.${index}.1/32`, `10.${100 + index}.0.0/24`],
  }));
  return {
    peerId: `10000000-0000-4000-8000-${String(site).padStart(12, '0')}`,
    wanId: '20000000-0000-4000-8000-000000000000',
    peerName: `site-${site}`,
    peerType: 'mikrotik',
    interface: { name: 'wg-wan-overlay', listenPort: 13231, mtu: 1420, addresses: ['10.0.200.1/32'], dns: [], tunnelIp: '10.0.200.1', tunnelRange: '10.0.0.0/16' },
    peers,
    routes: peers.map((peer) => peer.allowedIps[1] ?? ''),
    firewall: { relay: false, localDestinations: ['192.168.88.0/24'] },
    serviceNat: [],
    netmap: [],
    contentHash: `site-${site}-${remotes}`,
  };
}

/** Runs `work` over `items` with at most `limit` in flight. */
async function boundedPool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

interface Fleet {
  readonly emulator: RouterOsEmulator;
  readonly routers: readonly EmulatedRouter[];
  readonly clients: readonly RouterOsClient[];
}

async function fleet(): Promise<Fleet> {
  const emulator = new RouterOsEmulator();
  const routers: EmulatedRouter[] = [];
  for (let index = 0; index < ROUTERS; index++) {
    const router = await emulator.addRouter(`site-${index}`);
    loadBranchOfficeScenario(router.state);
    router.setLatency(LATENCY_MS);
    routers.push(router);
  }
  const clients = routers.map((router) => new RouterOsClient({ host: router.host, port: router.port, protocol: 'http', username: 'admin', password: '' }));
  return { emulator, routers, clients };
}

async function deployAll(clients: readonly RouterOsClient[], states: readonly DesiredState[]): Promise<{ ms: number; results: DeploymentResult[] }> {
  const started = performance.now();
  const results = await boundedPool(clients.map((client, index) => ({ client, state: states[index] as DesiredState })), CONCURRENCY, ({ client, state }) => runDeployment(client, state));
  return { ms: performance.now() - started, results };
}

const perRouter = (routers: readonly EmulatedRouter[], count: (router: EmulatedRouter) => number): number => Math.round((routers.reduce((sum, router) => sum + count(router), 0) / routers.length) * 10) / 10;

export const ROUTEROS_CASES: Record<string, () => Promise<CaseOutcome>> = {
  'routeros-deploy-50-routers': async () => {
    const keys = Array.from({ length: PEERS_PER_ROUTER + 1 }, (_, index) => publicKey(index + 1));
    const states = Array.from({ length: ROUTERS }, (_, site) => siteState(site, keys));
    const { emulator, routers, clients } = await fleet();
    try {
      const first = await deployAll(clients, states);
      const failed = first.results.filter((result) => result.outcome !== 'success').length;
      const firstCalls = perRouter(routers, (router) => router.calls.length);
      const firstWrites = perRouter(routers, (router) => router.writeCalls().length);

      const callsBefore = routers.map((router) => router.calls.length);
      const writesBefore = routers.reduce((sum, router) => sum + router.writeCalls().length, 0);
      const again = await deployAll(clients, states);
      const redeployWrites = routers.reduce((sum, router) => sum + router.writeCalls().length, 0) - writesBefore;
      const redeployCalls = perRouter(routers, (router) => router.calls.length - (callsBefore[routers.indexOf(router)] ?? 0));

      const beforeChange = routers.map((router) => [router.calls.length, router.writeCalls().length] as const);
      const changed = await deployAll(clients, states.map((_, site) => siteState(site, keys, true)));
      const changeCalls = perRouter(routers, (router) => router.calls.length - (beforeChange[routers.indexOf(router)]?.[0] ?? 0));
      const changeWrites = perRouter(routers, (router) => router.writeCalls().length - (beforeChange[routers.indexOf(router)]?.[1] ?? 0));
      const changeFailed = changed.results.filter((result) => result.outcome !== 'success').length;

      const setting = `${ROUTERS} emulated routers (branch-office config loaded), ${LATENCY_MS} ms per call, ${PEERS_PER_ROUTER} peers each, concurrency ${CONCURRENCY}`;
      return {
        name: 'deploy a 20-peer overlay to 50 MikroTik routers',
        target: '≤ 20 s',
        limitMs: 20_000,
        medianMs: first.ms,
        runs: [first.ms],
        passed: first.ms <= 20_000 && failed === 0,
        notes: `${setting}; ${failed} failed; first deploy: ${firstCalls} REST calls per router (${firstWrites} writes); one-peer change: ${changeCalls} calls per router (${changeWrites} writes) in ${Math.round(changed.ms)} ms, ${changeFailed} failed`,
        related: [
          {
            name: 'redeploy the same overlay to the 50 routers with nothing changed',
            target: '≤ 5 s, 0 writes',
            limitMs: 5_000,
            medianMs: again.ms,
            runs: [again.ms],
            passed: again.ms <= 5_000 && redeployWrites === 0 && again.results.every((result) => result.outcome === 'success'),
            notes: `${redeployWrites} write calls in total; ${redeployCalls} REST calls (reads) per router`,
          },
        ],
      };
    } finally {
      await Promise.all(clients.map((client) => client.close()));
      await emulator.close();
    }
  },
};
