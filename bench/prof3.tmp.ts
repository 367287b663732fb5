import { syntheticWan } from '../libs/domain/src/__fixtures__/wan-builder';
import { compilePeer } from '../libs/domain/src/compiler/compile';
import { buildCompileContext } from '../libs/domain/src/compiler/compile-context';
const snap = syntheticWan({ topology: 'mesh', peers: 1000, hubs: 1, subnetEvery: 1, serviceEvery: 10 });
for (let i=0;i<300;i++) compilePeer(snap, snap.peers[i%1000]!.id);
let t = performance.now(); for (let i=0;i<200;i++) buildCompileContext(snap); console.log('ctx', ((performance.now()-t)/200).toFixed(2));
t = performance.now(); for (let i=0;i<200;i++) compilePeer(snap, snap.peers[i*3]!.id); console.log('peer', ((performance.now()-t)/200).toFixed(2));
