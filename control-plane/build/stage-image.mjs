// Lays out the control plane's installation as the image holds it under /opt/wom: the bundle,
// the few node_modules files it still opens at run time, the console and the built agent.
// Nothing else from the repository is needed to run it.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cp, lstat, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { nodeFileTrace } from '@vercel/nft';
import { RUNTIME_PACKAGES } from './bundle-plugins.mjs';

/** Packages whose whole directory is used at run time, not only the modules a trace can see. */
const WHOLE_DIRECTORIES = ['swagger-ui-dist'];
/** Source maps and SEA preparation blobs are not needed to run, and are large. */
const NOT_SHIPPED = /\.(map|blob)$/;

/**
 * The files under node_modules that `bundle` (an absolute path inside the repository) opens
 * at run time, relative to `repoRoot`: nft follows the bundle's imports and requires and the
 * files those packages read by path (PGlite's .wasm and .data, the argon2 addon). Packages
 * loaded by a computed name (pg) are traced from their entry point as well.
 */
export async function traceRuntimeFiles(repoRoot, bundle) {
  // Paths the bundle builds from process.cwd() (the console, agent/dist, DATA_DIR) are staged on
  // their own or made at run time; only node_modules is traced.
  const outsideNodeModules = (file) => !file.split(sep).includes('node_modules') && file !== relative(repoRoot, bundle);
  const trace = (entries) => nodeFileTrace(entries, { base: repoRoot, processCwd: repoRoot, ignore: outsideNodeModules });
  // Its warnings are the optional requires it could not resolve (other platforms' argon2
  // addons, pg-native): the same ones that fail, and are caught, at run time.
  const { fileList } = await trace([bundle]);
  // A package required by a computed name (TypeORM's `require(driver)`) is invisible to the
  // trace as it is to esbuild: trace it from its entry point.
  const require = createRequire(bundle);
  const unseen = [...RUNTIME_PACKAGES.keys()].filter((name) => !fileList.has(relative(repoRoot, join(packageDir(bundle, name), 'package.json'))));
  if (unseen.length > 0) {
    const more = await trace(unseen.map((name) => require.resolve(name)));
    for (const file of more.fileList) fileList.add(file);
  }
  const files = new Set();
  for (const file of fileList) {
    if (file.split(sep).includes('node_modules') && !NOT_SHIPPED.test(file)) files.add(file);
  }
  for (const name of WHOLE_DIRECTORIES) {
    for (const file of await listFiles(packageDir(bundle, name))) if (!NOT_SHIPPED.test(file)) files.add(relative(repoRoot, file));
  }
  return [...files].sort();
}

/**
 * Replaces `stageDir` with the installation: `control-plane/dist/{main.js,package.json}`,
 * the traced node_modules files at their repository paths (so module resolution finds them
 * exactly as it does in the repository), `ui/dist/console/browser` and `agent/dist`. It is
 * built beside `stageDir` and renamed into place, so a reader never sees half of one.
 */
export async function stageImage({ repoRoot, bundleDir, stageDir }) {
  const consoleDir = join(repoRoot, 'ui', 'dist', 'console', 'browser');
  const agentDir = join(repoRoot, 'agent', 'dist');
  await requireBuilt(join(consoleDir, 'index.html'), 'the console (npx nx run ui:build)');
  await requireBuilt(join(agentDir, 'install.sh'), 'the agent (node agent/build.mjs)');
  const files = await traceRuntimeFiles(repoRoot, join(bundleDir, 'main.js'));

  const building = `${stageDir}.${process.pid}.tmp`;
  const copy = (from, to, filter) => cp(from, join(building, to), { recursive: true, dereference: true, filter });
  try {
    await copy(join(bundleDir, 'main.js'), 'control-plane/dist/main.js');
    await copy(join(bundleDir, 'package.json'), 'control-plane/dist/package.json');
    for (const file of files) await copy(join(repoRoot, file), file);
    await copy(consoleDir, 'ui/dist/console/browser');
    // Not a build's work in progress: its dot-directories and half-written `.tmp` files.
    await copy(agentDir, 'agent/dist', (source) => source === agentDir || !(NOT_SHIPPED.test(source) || /^\.|\.tmp$/.test(basename(source))));
    await rm(stageDir, { recursive: true, force: true });
    await rename(building, stageDir);
  } finally {
    await rm(building, { recursive: true, force: true });
  }
  return { files: files.length, bytes: await sizeOf(stageDir) };
}

/** The directory Node finds package `name` in, resolving from `from` (exports maps may hide package.json). */
function packageDir(from, name) {
  for (const dir of createRequire(from).resolve.paths(name) ?? []) {
    if (existsSync(join(dir, name, 'package.json'))) return join(dir, name);
  }
  throw new Error(`${name} is not installed: npm ci first.`);
}

async function requireBuilt(path, what) {
  const found = await stat(path).catch(() => null);
  if (!found) throw new Error(`${relative(process.cwd(), path)} is missing: build ${what} first.`);
}

async function listFiles(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name));
}

async function sizeOf(dir) {
  let bytes = 0;
  for (const file of await listFiles(dir)) bytes += (await lstat(file)).size;
  return bytes;
}
