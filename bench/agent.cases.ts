import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { DesiredState } from '@wom/domain';
import { compile, generateKeyPair } from '@wom/domain';
import { ExecaCommandRunner } from '../agent/src/linux/command-runner';
import { LinuxApplyService, type NftRecord } from '../agent/src/linux/linux-apply.service';
import { linuxSystemPorts } from '../agent/src/linux/linux-system.adapters';
import { syntheticWan } from '../libs/domain/src/__fixtures__/wan-builder';
import { median, type CaseOutcome } from './measure';

const RUNS = 10;

/** The state of one peer of a 101-peer mesh: 100 WireGuard peers, a /24 behind each, services on every 10th. */
function hundredPeerState(interfaceName: string, serviceEvery: number): DesiredState {
  const snapshot = syntheticWan({ topology: 'mesh', peers: 101, hubs: 1, subnetEvery: 1, serviceEvery });
  const first = snapshot.peers[0]!;
  const peers = [{ ...first, overrides: { interfaceName } }, ...snapshot.peers.slice(1)];
  return compile({ ...snapshot, peers }).states.get(first.id)!;
}

function sh(args: string[]): void {
  spawnSync('ip', args, { timeout: 10_000 });
}

/**
 * Times the agent's apply in a network namespace with wireguard-go: the peer-level `wg set`
 * edits, address and route differences, and one `nft -f`. Each run switches between two
 * revisions that differ in the published services, so every run edits peers' allowed IPs,
 * the interface's shared addresses, routes and the nftables maps.
 */
async function applyHundredPeers(): Promise<CaseOutcome> {
  const suffix = randomBytes(3).toString('hex');
  const namespace = `wombench-${suffix}`;
  const interfaceName = `wgb${suffix}`;
  sh(['netns', 'add', namespace]);
  try {
    const service = new LinuxApplyService(linuxSystemPorts(new ExecaCommandRunner({ netns: namespace })));
    const privateKey = generateKeyPair().privateKey;
    const states = [hundredPeerState(interfaceName, 10), hundredPeerState(interfaceName, 5)];
    let nftRecord: NftRecord | null = null;
    const apply = async (state: DesiredState, revision: number) => {
      const started = performance.now();
      const outcome = await service.apply({ state, revision, privateKey, nftRecord });
      if (!outcome.result.ok) throw new Error(`apply failed: ${outcome.result.error}`);
      nftRecord = outcome.nftRecord;
      return { ms: performance.now() - started, steps: outcome.result.steps };
    };
    const first = await apply(states[0]!, 1);
    const runs: number[] = [];
    let wgMs = 0;
    let nftMs = 0;
    for (let i = 0; i < RUNS; i++) {
      const { ms, steps } = await apply(states[(i + 1) % 2]!, i + 2);
      runs.push(ms);
      wgMs += steps.find((s) => s.name === 'wireguard')?.durationMs ?? 0;
      nftMs += steps.find((s) => s.name === 'nftables')?.durationMs ?? 0;
    }
    return {
      name: 'agent apply of a 100-peer state in a namespace (wireguard-go): wg set edits + ip + nft -f',
      target: '≤ 500 ms',
      limitMs: 500,
      medianMs: median(runs),
      runs,
      notes: `first apply (create the interface, add 100 peers, 101 routes) ${Math.round(first.ms)} ms; per change: wg ${Math.round(wgMs / RUNS)} ms, nft ${Math.round(nftMs / RUNS)} ms on average`,
    };
  } finally {
    // Deleting the link ends wireguard-go; then the namespace can go.
    sh(['-n', namespace, 'link', 'del', interfaceName]);
    sh(['netns', 'del', namespace]);
  }
}

export const AGENT_CASES: Record<string, () => Promise<CaseOutcome>> = {
  'agent-apply-100-peers': applyHundredPeers,
};
