#!/usr/bin/env node
// Generates libs/contracts/src/generated from proto/ with buf (buf.gen.yaml) and protoc-gen-es.
//   node scripts/generate-contracts.mjs          regenerate in place
//   node scripts/generate-contracts.mjs --check  fail when the committed code differs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const generatedPath = 'libs/contracts/src/generated';
const committedDir = join(root, generatedPath);
const bin = join(root, 'node_modules/.bin');

/**
 * Runs `buf generate` with buf.gen.yaml and the workspace's protoc-gen-es. `outputBase`
 * redirects the whole tree (for --check); the generated code lands in
 * `<outputBase>/libs/contracts/src/generated`.
 */
function generate(outputBase = root) {
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` };
  execFileSync(join(bin, 'buf'), ['lint', 'proto'], { cwd: root, env, stdio: 'inherit' });
  execFileSync(join(bin, 'buf'), ['generate', '--output', outputBase], { cwd: root, env, stdio: 'inherit' });
}

function listFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...listFiles(path));
    else out.push(path);
  }
  return out;
}

/** Relative paths that differ (added, removed or changed) between two trees. */
function diffTrees(expectedDir, actualDir) {
  const read = (dir) => {
    const files = new Map();
    for (const file of listFiles(dir)) files.set(relative(dir, file), readFileSync(file, 'utf8'));
    return files;
  };
  const expected = read(expectedDir);
  const actual = statSync(actualDir, { throwIfNoEntry: false }) ? read(actualDir) : new Map();
  const names = new Set([...expected.keys(), ...actual.keys()]);
  return [...names].filter((name) => expected.get(name) !== actual.get(name)).sort();
}

if (process.argv.includes('--check')) {
  const scratch = mkdtempSync(join(tmpdir(), 'wom-contracts-'));
  try {
    generate(scratch);
    const changed = diffTrees(join(scratch, generatedPath), committedDir);
    if (changed.length > 0) {
      console.error(`libs/contracts/src/generated is out of date with proto/ (${changed.join(', ')}).`);
      console.error('Run: node scripts/generate-contracts.mjs');
      process.exit(1);
    }
    console.log('libs/contracts/src/generated matches proto/.');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
} else {
  generate();
  console.log(`Generated ${relative(root, committedDir)} from proto/.`);
}
