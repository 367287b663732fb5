import { ZipArchive } from 'archiver';
import { DomainError } from '@wom/domain';
import { validateArchivePath } from './export-paths.util';

export interface ExportFile {
  /** Relative, `/`-separated, every part a safe name: `branch-a/wg-wan-overlay.conf`. */
  readonly path: string;
  readonly content: string | Buffer;
  /** Unix permission bits stored for unzip; default 0644. Use 0600 for files holding a private key. */
  readonly mode?: number;
}

export const README_PATH = 'README.md';
/**
 * Every entry carries this timestamp (the earliest a ZIP can hold, read as UTC), so the same
 * input always gives the same bytes: exports can be diffed, cached and checksummed.
 */
const FIXED_DATE = new Date(Date.UTC(1980, 0, 1, 0, 0, 0));
const DEFAULT_MODE = 0o644;

/**
 * The WAN export (spec §7.6) as one ZIP: `README.md` first, then `files` sorted by path
 * (byte order), each with a fixed timestamp and its mode. Paths are checked with
 * {@link validateArchivePath} (no `..`, absolute paths, NUL, …), and a duplicate path or
 * one clashing with the README is refused: `EXPORT.INVALID_PATH`.
 *
 * @example await buildExportZip([{ path: 'branch-a/wg-wan-overlay.conf', content, mode: 0o600 }], exportReadme('acme', entries))
 */
export async function buildExportZip(files: readonly ExportFile[], readme: string): Promise<Buffer> {
  const entries = files.map((file, index) => ({ ...file, path: validateArchivePath(file.path, `files[${index}].path`) }));
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const seen = new Set<string>([README_PATH.toLowerCase()]);
  for (const entry of entries) {
    // Case-insensitive: unpacked on Windows or macOS, `A.conf` would overwrite `a.conf`.
    const key = entry.path.toLowerCase();
    if (seen.has(key)) throw new DomainError('EXPORT.INVALID_PATH', `The export lists "${entry.path}" twice (letter case aside); every file needs its own path.`, { field: 'files' });
    seen.add(key);
    const mode = entry.mode ?? DEFAULT_MODE;
    if (!Number.isInteger(mode) || mode < 0 || mode > 0o777) throw new DomainError('EXPORT.INVALID_PATH', `The mode of "${entry.path}" must be permission bits like 0o600.`, { field: 'files' });
  }
  return zip([{ path: README_PATH, content: readme, mode: DEFAULT_MODE }, ...entries]);
}

function zip(entries: readonly ExportFile[]): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const archive = new ZipArchive({ zlib: { level: 9 }, forceLocalTime: false });
    const chunks: Buffer[] = [];
    archive.on('data', (chunk: Buffer) => chunks.push(chunk));
    archive.on('warning', reject);
    archive.on('error', reject);
    archive.on('end', () => resolve(Buffer.concat(chunks)));
    for (const entry of entries) {
      const content = typeof entry.content === 'string' ? Buffer.from(entry.content, 'utf8') : entry.content;
      archive.append(content, { name: entry.path, date: FIXED_DATE, mode: entry.mode ?? DEFAULT_MODE });
    }
    void archive.finalize().catch(reject);
  });
}
