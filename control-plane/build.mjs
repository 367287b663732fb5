// Bundles the control plane into dist/main.js with every npm package inlined that can be, so
// the installation needs no `npm install`: only the few packages listed in RUNTIME_PACKAGES
// (a native addon, PGlite's wasm, swagger-ui's assets, the pg driver) stay files on disk.
// esbuild resolves and bundles; SWC compiles each TypeScript file because esbuild emits no
// decorator metadata, which Nest's injection needs.
//
//   node control-plane/build.mjs                 dist/main.js, run from the repository
//   node control-plane/build.mjs --image [DIR]   also stages the installation the image holds
//                                                (default dist/image, laid out as /opt/wom)
//   node control-plane/build.mjs --tool          the developer tools under tools/
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { allPackagesExternal, runtimeExternals, swcDecorators, visibleRequires } from './build/bundle-plugins.mjs';
import { stageImage } from './build/stage-image.mjs';

const projectRoot = dirname(fileURLToPath(import.meta.url));
const repoRoot = dirname(projectRoot);
const args = process.argv.slice(2);
const tool = args.includes('--tool');
const imageAt = args.indexOf('--image');
const stageDir = imageAt === -1 ? null : resolve(args[imageAt + 1] && !args[imageAt + 1].startsWith('--') ? args[imageAt + 1] : join(projectRoot, 'dist', 'image'));

/**
 * Writes each output through a temporary file and a rename, so a process starting the old
 * bundle while this one builds (tests run side by side) reads one whole file, never half of one.
 */
async function writeAtomically(outputFiles) {
  for (const { path, contents } of outputFiles) {
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, contents);
    await rename(temporary, path);
  }
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Positions only: the sources are in the repository, and every inlined package's source would triple the map.
  sourcesContent: false,
  tsconfig: join(projectRoot, 'tsconfig.json'),
  logLevel: 'warning',
  write: false,
};

if (tool) {
  const result = await build({ ...common, entryPoints: [join(projectRoot, 'tools/schema-diff.ts')], outdir: join(projectRoot, 'dist/tools'), plugins: [allPackagesExternal, swcDecorators] });
  await writeAtomically(result.outputFiles);
  console.log('control-plane: built dist/tools');
} else {
  const outdir = join(projectRoot, 'dist');
  const missing = new Set();
  const result = await build({
    ...common,
    entryPoints: [join(projectRoot, 'src/main.ts')],
    outdir,
    plugins: [runtimeExternals(missing), visibleRequires, swcDecorators],
    // Inlined CommonJS packages call require() for Node's modules and for RUNTIME_PACKAGES;
    // in an ES module that function has to be made.
    banner: { js: "import { createRequire as __womCreateRequire } from 'node:module';\nconst require = __womCreateRequire(import.meta.url);" },
    // esbuild renames top-level names that collide across the inlined modules (a package's
    // `Module` becomes `Module2`); Nest (injection and repository tokens) and TypeORM (entity and
    // migration names, which the database records) read classes' `.name`, which must not change.
    keepNames: true,
  });
  await writeAtomically([
    ...result.outputFiles,
    // Marks main.js as an ES module wherever it is copied, with or without the workspace's package.json.
    { path: join(outdir, 'package.json'), contents: `${JSON.stringify({ type: 'module', private: true })}\n` },
  ]);
  console.log(`control-plane: built dist/main.js${missing.size > 0 ? ` (optional packages not installed, left to fail at run time as unbundled: ${[...missing].sort().join(', ')})` : ''}`);
  if (stageDir) {
    const staged = await stageImage({ repoRoot, bundleDir: outdir, stageDir });
    console.log(`control-plane: staged ${stageDir} (${staged.files} node_modules files, ${(staged.bytes / 1e6).toFixed(1)} MB)`);
  }
}
