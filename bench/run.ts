import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { CASES } from './cases';
import type { CaseResult } from './measure';

/**
 * Runs every benchmark case in a fresh process (so each peak RSS is its own) and writes
 * BENCHMARKS.md with the machine and date. `npm run bench -- compile` runs matching cases only;
 * the other rows keep their last results (kept in bench/results.json) and dates.
 *
 * The cases are bundled with esbuild first, as production code would be: run through a
 * development loader (source maps, kept names) the same code is two to three times slower.
 */
const filter = process.argv[2] ?? '';
const root = join(__dirname, '..');
const bundle = join(root, 'tmp', 'bench', 'case.cjs');
buildSync({
  entryPoints: [join(__dirname, 'case.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  tsconfig: join(root, 'tsconfig.base.json'),
  outfile: bundle,
  // Cases that build test helpers at run time (the emulator process) call esbuild's own API,
  // which must find its binary next to its package: bundled, its sync API waits forever.
  external: ['esbuild'],
  logLevel: 'warning',
});
type DatedResult = CaseResult & { readonly date: string };
const resultsFile = join(__dirname, 'results.json');
const stored: Record<string, DatedResult> = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) : {};
const today = new Date().toISOString().slice(0, 10);
const fresh: CaseResult[] = [];
for (const key of Object.keys(CASES).filter((k) => k.includes(filter))) {
  process.stdout.write(`${key} … `);
  const output = execFileSync(process.execPath, [bundle, key], { cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  const result = JSON.parse(output.trim().split('\n').pop()!) as CaseResult;
  const { related = [], ...main } = result;
  for (const old of Object.keys(stored).filter((k) => k.startsWith(`${key}/`))) delete stored[old];
  for (const [index, row] of [main, ...related].entries()) {
    fresh.push(row);
    stored[index === 0 ? key : `${key}/${index}`] = { ...row, date: today };
    process.stdout.write(`${index === 0 ? '' : '  … '}${row.name}: ${row.display ?? `${row.medianMs.toFixed(2)} ms`}, ${row.peakRssMb.toFixed(0)} MB ${row.passed ? 'ok' : 'OVER TARGET'}\n`);
  }
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const lines = [
  '# Benchmarks',
  '',
  `Written by \`npm run bench\`; each row carries the date it was last measured.`,
  '',
  `Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ${process.platform}.`,
  '',
  '| case | target | median | runs (ms) | peak RSS | result | notes | date |',
  '|---|---|---|---|---|---|---|---|',
  ...Object.keys(CASES)
    .flatMap((key) => [key, ...Object.keys(stored).filter((k) => k.startsWith(`${key}/`)).sort((a, b) => Number(a.split('/')[1]) - Number(b.split('/')[1]))])
    .flatMap((key) => (stored[key] ? [stored[key]] : []))
    .map(
      (r) =>
        `| ${r.name} | ${r.target} | ${r.display ?? `${r.medianMs.toFixed(2)} ms`} | ${r.runs.length > 5 ? `${r.runs.length} runs` : r.runs.map((t) => t.toFixed(0)).join(', ')} | ${r.peakRssMb.toFixed(0)} MB | ${r.target === 'reported' ? 'no target' : r.passed ? 'meets target' : '**misses target**'} | ${r.notes ?? ''} | ${r.date} |`,
    ),
  '',
  'Each case runs in its own Node process; peak RSS is that process\'s maximum resident set, input generation included.',
  '',
];
writeFileSync(resultsFile, `${JSON.stringify(stored, null, 2)}\n`);
writeFileSync(join(root, 'BENCHMARKS.md'), lines.join('\n'));
process.exitCode = fresh.every((r) => r.passed) ? 0 : 1;
