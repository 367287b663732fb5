// Lays out the control plane's installation as the image holds it under /opt/wom: the bundle,
// the few node_modules files it still opens at run time, the console and the built agent.
// Nothing else from the repository is needed to run it.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cp, lstat, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { RUNTIME_PACKAGES } from './bundle-plugins.mjs';

/** Source maps and SEA preparation blobs are not needed to run, and are large. */
const NOT_SHIPPED = /\.(map|blob)$/;

/**
 * The node_modules files the bundle opens at run time, relative to `repoRoot`: every file of
 * the packages it leaves external (RUNTIME_PACKAGES) and of their production dependencies,
 * optional ones included when installed (argon2's addon for this platform), each resolved the
 * way Node resolves it from its dependent. Whole packages rather than traced files: these
 * packages read files by computed paths (PGlite's .wasm and .data, swagger-ui's assets, the
 * addon), which a trace can miss, and there are only a handful of them.
 */
export async function runtimeFiles(repoRoot, bundle) {
  const files = new Set();
  for (const dir of packageClosure(bundle, [...RUNTIME_PACKAGES.keys()])) {
    for (const file of await listFiles(dir)) if (!NOT_SHIPPED.test(file)) files.add(relative(repoRoot, file));
  }
  return [...files].sort();
}

/** The directories of `names` and of everything they depend on, as Node would find them from `from`. */
function packageClosure(from, names) {
  const seen = new Set();
  const queue = names.map((name) => ({ name, from, optional: false }));
  while (queue.length > 0) {
    const { name, from: parent, optional } = queue.shift();
    const dir = packageDir(parent, name, optional);
    if (dir === null || seen.has(dir)) continue;
    seen.add(dir);
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const entry = join(dir, 'package.json');
    for (const dependency of Object.keys(manifest.dependencies ?? {})) queue.push({ name: dependency, from: entry, optional: false });
    // Optional dependencies are installed for this platform only (argon2's addon); the rest are absent by design.
    for (const dependency of Object.keys(manifest.optionalDependencies ?? {})) queue.push({ name: dependency, from: entry, optional: true });
  }
  return [...seen];
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
  const files = await runtimeFiles(repoRoot, join(bundleDir, 'main.js'));

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

/** The directory Node finds package `name` in from `from` (exports maps may hide package.json); null for a missing optional one. */
function packageDir(from, name, optional = false) {
  for (const dir of createRequire(from).resolve.paths(name) ?? []) {
    if (existsSync(join(dir, name, 'package.json'))) return join(dir, name);
  }
  if (optional) return null;
  throw new Error(`${name} (needed by ${relative(process.cwd(), dirname(from))}) is not installed: npm ci first.`);
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
