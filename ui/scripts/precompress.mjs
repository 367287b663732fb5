// Writes a brotli (.br) and a gzip (.gz) copy next to every text asset of the built console,
// so the control plane serves compressed files without compressing anything per request.
// Runs after `ng build`:
//
//   node ui/scripts/precompress.mjs ui/dist/console/browser
//
// Files under MIN_BYTES are left alone (a compressed copy would save less than its headers
// cost), and so is a copy that would not be smaller than the file itself. The control plane
// applies the same two rules, so it never compresses on the fly what this step skipped.
import { readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';

const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt', '.map', '.webmanifest', '.xml', '.ico']);
const MIN_BYTES = 1024;
/** A console has a few dozen files; a deeper tree or far more files means the wrong folder was given. */
const MAX_DEPTH = 8;
const MAX_FILES = 5000;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

async function* assets(dir, depth = 0) {
  if (depth > MAX_DEPTH) throw new Error(`${dir}: deeper than ${MAX_DEPTH} folders; is this the built console?`);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* assets(path, depth + 1);
    else if (entry.isFile() && COMPRESSIBLE.has(extname(entry.name).toLowerCase())) yield path;
  }
}

/** Through a temporary name and a rename, so a server reading the folder never sees half a file. */
async function writeAtomically(path, contents) {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, contents);
  await rename(temporary, path);
}

async function removeIfPresent(path) {
  await unlink(path).catch((error) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

async function precompress(file) {
  const raw = await readFile(file);
  const variants = [
    ['.br', raw.length >= MIN_BYTES ? await brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }) : null],
    ['.gz', raw.length >= MIN_BYTES ? await gzipAsync(raw, { level: 9 }) : null],
  ];
  let written = 0;
  for (const [suffix, compressed] of variants) {
    // A stale copy from an earlier build must not outlive a file that no longer earns one.
    if (compressed === null || compressed.length >= raw.length) await removeIfPresent(file + suffix);
    else {
      await writeAtomically(file + suffix, compressed);
      written += compressed.length;
    }
  }
  return { raw: raw.length, brotli: variants[0][1]?.length ?? raw.length, written };
}

const root = resolve(process.argv[2] ?? 'dist/console/browser');
if (!(await stat(root).catch(() => null))?.isDirectory()) {
  console.error(`precompress: ${root} is not a folder; build the console first (ng build).`);
  process.exit(1);
}
let files = 0;
let rawBytes = 0;
let brotliBytes = 0;
for await (const file of assets(root)) {
  if (++files > MAX_FILES) throw new Error(`${root}: more than ${MAX_FILES} assets; is this the built console?`);
  const sizes = await precompress(file);
  rawBytes += sizes.raw;
  brotliBytes += sizes.brotli;
}
console.log(`precompress: ${files} files in ${root}, ${(rawBytes / 1024).toFixed(1)} KiB → ${(brotliBytes / 1024).toFixed(1)} KiB with brotli`);
