// Builds everything a site box is handed, into agent/dist:
//   wom-agent-linux-x64 (+ .sha256, .gz)  one self-contained executable: Node's single-executable
//                                         application format, so the box needs no Node at all
//   wom-agent.mjs (+ .sha256)             the same agent as one file, for boxes that have Node >= 20
//   install.sh                            the installer the control plane serves, with the unit inlined
//   agent.md                              the guide the unit's Documentation= points at
// `--bundle-only` skips the executable (seconds instead of tens of seconds, for quick loops).
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const projectRoot = dirname(fileURLToPath(import.meta.url));
const dist = join(projectRoot, 'dist');
const require = createRequire(import.meta.url);
const EXECUTABLE = 'wom-agent-linux-x64';
// The fuse every Node binary carries; postject flips it so the binary runs the injected blob.
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

const common = {
  entryPoints: [join(projectRoot, 'src/main.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  tsconfig: join(projectRoot, 'tsconfig.json'),
  // Minified, the agent's code takes half the memory once loaded (it runs on small boxes);
  // class and function names stay, for error messages and stack traces.
  minify: true,
  keepNames: true,
  legalComments: 'none',
  logLevel: 'warning',
};

/**
 * Every output is written beside its target and renamed into place: a control plane serving
 * agent/dist, or an agent running from it, never sees half a file while a build runs.
 */
function writeAtomic(path, data, mode = 0o644) {
  const staging = `${path}.${process.pid}.tmp`;
  writeFileSync(staging, data, { mode });
  chmodSync(staging, mode);
  renameSync(staging, path);
}

/** Writes `<file>.sha256` in the format `sha256sum -c` reads: "<digest>  <file name>". */
function writeChecksum(path, bytes) {
  const digest = createHash('sha256').update(bytes).digest('hex');
  writeAtomic(`${path}.sha256`, `${digest}  ${basename(path)}\n`);
  return digest;
}

mkdirSync(dist, { recursive: true });

const [bundle] = (
  await build({
    ...common,
    outfile: join(dist, 'wom-agent.mjs'),
    format: 'esm',
    write: false,
    // Some bundled CommonJS dependencies call require() for Node's own modules.
    banner: { js: "#!/usr/bin/env node\nimport { createRequire as __womCreateRequire } from 'node:module';\nconst require = __womCreateRequire(import.meta.url);" },
  })
).outputFiles;
writeAtomic(join(dist, 'wom-agent.mjs'), bundle.contents, 0o755);
writeChecksum(join(dist, 'wom-agent.mjs'), bundle.contents);

// The installer carries the systemd unit inline, so there is one source for it (systemd/).
const unit = readFileSync(join(projectRoot, 'systemd/wom-agent.service'), 'utf8');
const installer = readFileSync(join(projectRoot, 'install/install.sh'), 'utf8');
if (!installer.includes('@WOM_AGENT_UNIT@')) throw new Error('install/install.sh has no @WOM_AGENT_UNIT@ placeholder');
writeAtomic(join(dist, 'install.sh'), installer.replace('@WOM_AGENT_UNIT@', unit.trimEnd()), 0o755);
writeAtomic(join(dist, 'agent.md'), readFileSync(join(projectRoot, '../docs/agent.md')));

if (process.argv.includes('--bundle-only')) {
  console.log('agent: built dist/wom-agent.mjs, install.sh (no executable: --bundle-only)');
} else if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.log(`agent: built dist/wom-agent.mjs; the ${EXECUTABLE} executable is built on linux-x64 only (this is ${process.platform}-${process.arch})`);
} else {
  await buildExecutable();
}

/**
 * Node 20's single executable applications run one CommonJS script, so the agent is bundled
 * once more as CommonJS, turned into a blob by `node --experimental-sea-config`, and injected
 * into a copy of the Node binary that runs this build (the version the product targets).
 */
async function buildExecutable() {
  const work = join(dist, `.sea-${process.pid}`);
  mkdirSync(work, { recursive: true });
  const script = join(work, 'wom-agent.cjs');
  await build({ ...common, outfile: script, format: 'cjs' });
  const seaConfig = join(work, 'sea-config.json');
  const blob = join(work, 'wom-agent.blob');
  writeFileSync(seaConfig, JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true, useCodeCache: false }));
  execFileSync(process.execPath, ['--experimental-sea-config', seaConfig], { stdio: 'pipe' });

  const target = join(dist, EXECUTABLE);
  const staging = join(work, EXECUTABLE);
  copyFileSync(process.execPath, staging);
  chmodSync(staging, 0o755);
  // Symbols and debug sections are dead weight on a site box (≈12 MB); strip them when binutils is here.
  if (spawnSync('strip', ['--strip-all', staging], { stdio: 'ignore' }).status !== 0) console.log('agent: strip unavailable; the executable keeps its symbols');
  const { inject } = require('postject');
  // postject reports every ELF note it cannot name on stderr; they are harmless, so mute it.
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    await inject(staging, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: SEA_FUSE });
  } finally {
    console.warn = warn;
  }
  const bytes = readFileSync(staging);
  renameSync(staging, target);
  // Served with Content-Encoding: gzip to installers that accept it (a third of the bytes). It is
  // written after the executable, and the control plane serves it only when it is the newer of
  // the two, so a build cut off halfway never pairs a new executable with an old archive.
  writeAtomic(`${target}.gz`, gzipSync(bytes, { level: 6 }));
  const digest = writeChecksum(target, bytes);
  rmSync(work, { recursive: true, force: true });
  const version = execFileSync(target, ['--version'], { env: {}, encoding: 'utf8' }).trim();
  console.log(`agent: built dist/wom-agent.mjs and dist/${EXECUTABLE} (${version}; sha256 ${digest.slice(0, 12)}…)`);
}
