import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { isCompressible, MIN_COMPRESSIBLE_BYTES } from './console-encoding.logic';

/** The console's post-build step, run as the build runs it; the server must find what it writes. */
const SCRIPT = resolve(__dirname, '..', '..', '..', 'ui', 'scripts', 'precompress.mjs');

describe('ui/scripts/precompress.mjs', () => {
  let dir: string;
  const text = (bytes: number) => 'const peer = { name: "site", tunnelIp: "10.0.0.1" };\n'.repeat(Math.ceil(bytes / 52)).slice(0, bytes);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'wom-precompress-'));
    mkdirSync(join(dir, 'assets'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes .br and .gz copies of text assets that decompress to the file, and skips what the server would not compress', () => {
    writeFileSync(join(dir, 'main-ABCDEFGH.js'), text(50_000));
    writeFileSync(join(dir, 'assets', 'data.json'), text(4_000));
    writeFileSync(join(dir, 'tiny.css'), text(MIN_COMPRESSIBLE_BYTES - 1));
    writeFileSync(join(dir, 'logo.png'), text(8_000));
    execFileSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });
    for (const file of ['main-ABCDEFGH.js', 'assets/data.json']) {
      const original = readFileSync(join(dir, file));
      expect(brotliDecompressSync(readFileSync(join(dir, `${file}.br`))).equals(original)).toBe(true);
      expect(gunzipSync(readFileSync(join(dir, `${file}.gz`))).equals(original)).toBe(true);
      expect(isCompressible(file, original.length)).toBe(true);
    }
    for (const file of ['tiny.css', 'logo.png']) {
      expect([existsSync(join(dir, `${file}.br`)), existsSync(join(dir, `${file}.gz`))]).toEqual([false, false]);
      expect(isCompressible(file, readFileSync(join(dir, file)).length)).toBe(false);
    }
  });

  it('removes a stale copy when the rebuilt file no longer earns one', () => {
    writeFileSync(join(dir, 'styles.css'), text(200));
    writeFileSync(join(dir, 'styles.css.br'), 'left over from an earlier build');
    execFileSync(process.execPath, [SCRIPT, dir], { encoding: 'utf8' });
    expect(existsSync(join(dir, 'styles.css.br'))).toBe(false);
  });

  it('fails, naming the folder, when there is no built console', () => {
    expect(() => execFileSync(process.execPath, [SCRIPT, join(dir, 'missing')], { encoding: 'utf8', stdio: 'pipe' })).toThrow(/missing is not a folder; build the console first/);
  });
});
