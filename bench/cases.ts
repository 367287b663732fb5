import { compile, compilePeer, type DesiredState, type TopologySnapshot } from '@wom/domain';
import { syntheticWan } from '../libs/domain/src/__fixtures__/wan-builder';
import { median, peakRssMb, timeRuns, type CaseResult } from './measure';

/** What a case needs to say about itself; the runner adds the process's peak RSS. */
export type CaseOutcome = Omit<CaseResult, 'peakRssMb' | 'passed'> & { readonly limitMs: number; readonly limitRssMb?: number };

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

export const CASES: Record<string, () => Promise<CaseOutcome>> = {
  'compile-mesh-1000': () =>
    compileCase('compile a 1,000-peer full mesh', '≤ 2 s, peak RSS ≤ 1 GB', 2000, mesh1000(), 1024),

  'compile-hub-spoke-10000': () =>
    compileCase(
      'compile a 10,000-spoke hub-spoke WAN, every spoke with a routed /24',
      '≤ 1 s',
      1000,
      syntheticWan({ topology: 'hub-spoke', peers: 10_001, hubs: 1, subnetEvery: 1, serviceEvery: 20, natEvery: 3 }),
    ),

  'compile-peer-mesh-1000': async () => {
    const snapshot = mesh1000();
    const ids = snapshot.peers.map((peer) => peer.id);
    const runs = await timeRuns(50, () => compilePeer(snapshot, ids[Math.floor(Math.random() * ids.length)]!));
    return { name: 'compilePeer for one peer of the 1,000-peer mesh', target: '≤ 5 ms', limitMs: 5, medianMs: median(runs), runs, notes: 'median of 50 random peers' };
  },
};

export async function runCase(key: string): Promise<CaseResult> {
  const run = CASES[key];
  if (!run) throw new Error(`unknown benchmark case ${key}`);
  const { limitMs, limitRssMb, ...outcome } = await run();
  const rss = peakRssMb();
  return { ...outcome, peakRssMb: rss, passed: outcome.medianMs <= limitMs && (limitRssMb === undefined || rss <= limitRssMb) };
}
