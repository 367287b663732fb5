// Bundles the agent and every dependency into one file, dist/wom-agent.mjs, so a site box
// needs only Node and the file: install.sh copies it, the systemd unit runs it.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const projectRoot = dirname(fileURLToPath(import.meta.url));

await build({
  entryPoints: [join(projectRoot, 'src/main.ts')],
  outfile: join(projectRoot, 'dist/wom-agent.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'inline',
  tsconfig: join(projectRoot, 'tsconfig.json'),
  // Some bundled CommonJS dependencies call require() for Node's own modules.
  banner: { js: "#!/usr/bin/env node\nimport { createRequire as __womCreateRequire } from 'node:module';\nconst require = __womCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
console.log('agent: built dist/wom-agent.mjs');
