import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildExportZip, type ExportFile } from './export-zip.builder';
import { exportReadme } from './export-readme.renderer';
import { uniqueSafeFileNames } from './export-paths.util';

/** The archive as python's zipfile sees it: names in order, dates, modes, contents. */
interface ZipListing {
  readonly name: string;
  readonly date: number[];
  readonly mode: number;
  readonly content: string;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wom-zip-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function inspectZip(zip: Buffer): ZipListing[] {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.zip`);
  writeFileSync(path, zip);
  const script = [
    'import json, sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    'assert z.testzip() is None',
    'print(json.dumps([{"name": i.filename, "date": list(i.date_time), "mode": (i.external_attr >> 16) & 0o777, "content": z.read(i).decode()} for i in z.infolist()]))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' })) as ZipListing[];
}

const FILES: ExportFile[] = [
  { path: 'hq-hub/wg-wan-overlay.conf', content: '[Interface]\nPrivateKey = x\n', mode: 0o600 },
  { path: 'branch-a/wg-wan-overlay.rsc', content: '/interface wireguard add name=wg\n' },
  { path: 'branch-a/wg-wan-overlay.conf', content: Buffer.from('[Interface]\n'), mode: 0o600 },
];
const README = exportReadme('acme', [
  { peerName: 'hq-hub', peerType: 'hub', tunnelIp: '10.0.0.1', files: ['hq-hub/wg-wan-overlay.conf'] },
  { peerName: 'branch-a', peerType: 'mikrotik', tunnelIp: '10.0.0.2', files: ['branch-a/wg-wan-overlay.conf', 'branch-a/wg-wan-overlay.rsc'] },
]);

describe('buildExportZip', () => {
  it('writes the README first, then the files sorted, with modes and a fixed date', async () => {
    const listing = inspectZip(await buildExportZip(FILES, README));
    expect(listing.map((entry) => [entry.name, entry.mode.toString(8)])).toEqual([
      ['README.md', '644'],
      ['branch-a/wg-wan-overlay.conf', '600'],
      ['branch-a/wg-wan-overlay.rsc', '644'],
      ['hq-hub/wg-wan-overlay.conf', '600'],
    ]);
    expect(new Set(listing.map((entry) => entry.date.join('-')))).toEqual(new Set(['1980-1-1-0-0-0']));
    expect(listing[0]!.content).toBe(README);
    expect(listing[3]!.content).toBe('[Interface]\nPrivateKey = x\n');
  });

  it('is unpacked by unzip into one folder per peer', async () => {
    const zipPath = join(dir, 'unzip.zip');
    writeFileSync(zipPath, await buildExportZip(FILES, README));
    const list = execFileSync('unzip', ['-Z1', zipPath], { encoding: 'utf8' }).trim().split('\n');
    expect(list).toEqual(['README.md', 'branch-a/wg-wan-overlay.conf', 'branch-a/wg-wan-overlay.rsc', 'hq-hub/wg-wan-overlay.conf']);
    expect(execFileSync('unzip', ['-p', zipPath, 'branch-a/wg-wan-overlay.rsc'], { encoding: 'utf8' })).toBe('/interface wireguard add name=wg\n');
  });

  it('gives the same bytes for the same input, in any order and any time zone', async () => {
    const first = await buildExportZip(FILES, README);
    const previous = process.env['TZ'];
    process.env['TZ'] = 'Pacific/Kiritimati';
    try {
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect((await buildExportZip([...FILES].reverse(), README)).equals(first)).toBe(true);
    } finally {
      if (previous === undefined) delete process.env['TZ'];
      else process.env['TZ'] = previous;
    }
  });

  it('builds an archive of only the README for a WAN without peers', async () => {
    expect(inspectZip(await buildExportZip([], exportReadme('empty', []))).map((entry) => entry.name)).toEqual(['README.md']);
  });

  it.each([
    ['a parent reference', '../evil.conf'],
    ['a nested parent reference', 'a/../../evil.conf'],
    ['an absolute path', '/etc/wireguard/wg0.conf'],
    ['a drive letter', 'C:/evil.conf'],
    ['a backslash', 'a\\..\\evil.conf'],
    ['a NUL byte', 'a/evil.conf\u0000.txt'],
    ['a newline', 'a/evil\n.conf'],
    ['a hidden file', 'a/.bashrc'],
    ['an empty segment', 'a//b.conf'],
    ['a trailing slash', 'a/'],
    ['an empty path', ''],
    ['a Windows device name', 'a/CON.conf'],
    ['a very long path', `${'a'.repeat(60)}/`.repeat(5) + 'x.conf'],
  ])('refuses %s', async (_label, path) => {
    await expect(buildExportZip([{ path, content: 'x' }], README)).rejects.toMatchObject({ code: 'EXPORT.INVALID_PATH' });
  });

  it('refuses duplicate paths, letter case aside, and a file named like the README', async () => {
    await expect(buildExportZip([FILES[0]!, { ...FILES[0]!, path: 'HQ-hub/wg-wan-overlay.conf' }], README)).rejects.toMatchObject({ code: 'EXPORT.INVALID_PATH' });
    await expect(buildExportZip([{ path: 'readme.md', content: 'x' }], README)).rejects.toMatchObject({ code: 'EXPORT.INVALID_PATH' });
  });

  it.each([0o1777, -1, 1.5])('refuses mode %p', async (mode) => {
    await expect(buildExportZip([{ ...FILES[0]!, mode }], README)).rejects.toMatchObject({ code: 'EXPORT.INVALID_PATH' });
  });

  it('packs hostile peer names once they went through uniqueSafeFileNames', async () => {
    const names = ['../../etc', 'Zürich Büro', 'zurich-buro', 'CON', '\u0000\n', '東京'];
    const folders = uniqueSafeFileNames(names);
    const listing = inspectZip(await buildExportZip(folders.map((folder) => ({ path: `${folder}/wg.conf`, content: folder })), README));
    expect(listing.map((entry) => entry.name)).toEqual(['README.md', ...folders.map((f) => `${f}/wg.conf`).sort()]);
  });
});
