import { syntheticWan } from '../libs/domain/src/__fixtures__/wan-builder';
import { buildCompileContext } from '../libs/domain/src/compiler/compile-context';
const snap = syntheticWan({ topology: 'hub-spoke', peers: 10_001, hubs: 1, subnetEvery: 1, serviceEvery: 20, natEvery: 3 });
for (let k=0;k<6;k++){ const t = performance.now(); buildCompileContext(snap); console.log('ctx', (performance.now()-t).toFixed(0)); }
