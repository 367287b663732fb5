import { AddressPool, compile, compilePeer, formatIpv4, parseIpv4, prepareCompilation, type DesiredState, type TopologySnapshot } from '@wom/domain';
import { renderNftables, renderWgQuick } from '@wom/renderers';
import { syntheticWan } from '../libs/domain/src/__fixtures__/wan-builder';
import { median, timeRuns, type CaseOutcome } from './measure';


const mesh1000 = () => syntheticWan({ topology: 'mesh', peers: 1000, hubs: 1, subnetEvery: 1, serviceEvery: 10 });

function entryCount(states: ReadonlyMap<string, DesiredState>): number {
  let entries = 0;
  for (const state of states.values()) entries += state.peers.length;
  return entries;
}

async function compileCase(name: string, target: string, limitMs: number, snapshot: TopologySnapshot, limitRssMb?: number): Promise<CaseOutcome> {
  let entries = 0;
  const runs = await timeRuns(3, () => {
    entries = entryCount(compile(snapshot).states);
  });
  return { name, target, limitMs, limitRssMb, medianMs: median(runs), runs, notes: `${snapshot.peers.length} peers, ${entries.toLocaleString('en')} peer entries` };
}

export const CORE_CASES: Record<string, () => Promise<CaseOutcome>> = {
  'compile-mesh-1000': () =>
    compileCase('compile a 1,000-peer full mesh', '≤ 2 s, peak RSS ≤ 1 GB', 2000, mesh1000(), 1024),

  'compile-hub-spoke-10000': () =>
    compileCase(
      'compile a 10,000-spoke hub-spoke WAN: 1,000 site spokes with a routed /24, 9,000 without',
      '≤ 1 s',
      1000,
      syntheticWan({ topology: 'hub-spoke', peers: 10_001, hubs: 1, subnetEvery: 10, serviceEvery: 20, natEvery: 3 }),
    ),

  'compile-hub-spoke-10000-all-sites': () =>
    compileCase(
      'compile a 10,000-spoke hub-spoke WAN where every spoke routes a /24 (worst case)',
      'reported',
      Number.POSITIVE_INFINITY,
      syntheticWan({ topology: 'hub-spoke', peers: 10_001, hubs: 1, subnetEvery: 1, serviceEvery: 20, natEvery: 3 }),
    ),

  'compile-peer-mesh-1000': async () => {
    const snapshot = mesh1000();
    const ids = snapshot.peers.map((peer) => peer.id);
    const runs = await timeRuns(200, () => compilePeer(snapshot, ids[Math.floor(Math.random() * ids.length)]!));
    return { name: 'compilePeer for one peer of the 1,000-peer mesh', target: '≤ 5 ms', limitMs: 5, medianMs: median(runs), runs, notes: 'median of 200 random peers; each call gathers the snapshot afresh' };
  },

  'compile-peer-mesh-1000-prepared': async () => {
    const snapshot = mesh1000();
    const ids = snapshot.peers.map((peer) => peer.id);
    const compilation = prepareCompilation(snapshot);
    const runs = await timeRuns(200, () => compilation.peer(ids[Math.floor(Math.random() * ids.length)]!));
    return { name: 'prepareCompilation(snapshot).peer(id) for further peers', target: '≤ 5 ms', limitMs: 5, medianMs: median(runs), runs, notes: 'median of 200 random peers once the snapshot is gathered' };
  },

  'render-mesh-1000': async () => {
    const states = [...compile(mesh1000()).states.values()];
    let bytes = 0;
    const runs = await timeRuns(3, () => {
      bytes = 0;
      for (const state of states) bytes += renderWgQuick(state).length + renderNftables(state).length;
    });
    return { name: 'render wg-quick and nftables for all 1,000 mesh peers', target: '≤ 3 s', limitMs: 3000, medianMs: median(runs), runs, notes: `${(bytes / 2 ** 20).toFixed(0)} MiB of text` };
  },

  'ipam-slash16-60000-taken': async () => {
    const base = parseIpv4('10.64.0.0');
    // 60,000 taken addresses with the free ones scattered, so first-free is not at the start.
    const taken = Array.from({ length: 65_534 }, (_, i) => formatIpv4(base + 1 + i)).filter((_, i) => i % 16 !== 15).slice(0, 60_000);
    const runs = await timeRuns(20, () => new AddressPool('10.64.0.0/16', taken).allocate());
    const pool = new AddressPool('10.64.0.0/16', taken);
    const allocations = await timeRuns(1000, () => pool.allocate());
    return {
      name: 'IPAM: build a /16 pool with 60,000 taken and allocate',
      target: '≤ 50 ms',
      limitMs: 50,
      medianMs: median(runs),
      runs,
      notes: `one further allocation from a built pool: median ${(median(allocations) * 1000).toFixed(1)} µs`,
    };
  },
};
