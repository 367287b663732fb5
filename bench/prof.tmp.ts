import { syntheticWan } from '/work/main/libs/domain/src/__fixtures__/wan-builder';
import { buildCompileContext } from '/work/main/libs/domain/src/compiler/compile-context';
import { compileViewer } from '/work/main/libs/domain/src/compiler/compile-peer';
const snap = syntheticWan({ topology: 'hub-spoke', peers: 10_001, hubs: 1, subnetEvery: Number(process.argv[2] ?? 1), serviceEvery: 20, natEvery: 3 });
for (let k=0;k<2;k++){
let t = performance.now();
const ctx = buildCompileContext(snap);
const t1 = performance.now();
let n=0; for (const v of ctx.peers) { n += compileViewer(ctx, v).state.peers.length; }
const t2 = performance.now();
console.log('ctx', (t1-t).toFixed(0), 'viewers', (t2-t1).toFixed(0), n, process.memoryUsage().rss/1e6|0);
}
