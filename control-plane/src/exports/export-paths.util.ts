import { DomainError } from '@wom/domain';

/** Longest file or folder name we produce: well inside every file system's 255-byte limit. */
export const MAX_FILE_NAME_LENGTH = 64;
const MAX_PATH_LENGTH = 240;
const SAFE_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Device names Windows refuses as file names, with or without an extension. */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * A file or folder name derived from a peer name that is safe on Linux, macOS and Windows and
 * inside a ZIP: accents folded to ASCII (`Zürich` → `Zurich`), anything outside
 * `[A-Za-z0-9._-]` turned into `-`, runs collapsed, no leading `.`/`-` (hidden files,
 * command-line options), no trailing `.`, at most 64 characters, Windows device names
 * suffixed (`CON` → `CON_`, `lpt1.conf` → `lpt1_.conf`). A name with nothing usable left becomes `fallback`.
 *
 * Examples: `"Paris office #2"` → `"Paris-office-2"`; `"../../etc/passwd"` → `"etc-passwd"`.
 */
export function safeFileName(name: string, fallback = 'peer'): string {
  let safe = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/([._-])[._-]+/g, '$1')
    .replace(/^[._-]+/, '')
    .slice(0, MAX_FILE_NAME_LENGTH)
    .replace(/[.-]+$/, '');
  if (safe === '') safe = fallback;
  // Windows reserves the stem whatever the extension (`lpt1.conf`), so the stem gets the suffix.
  if (WINDOWS_RESERVED.test(safe)) safe = safe.replace(/^([a-z]+[0-9]?)/i, '$1_').slice(0, MAX_FILE_NAME_LENGTH);
  return safe;
}

/**
 * {@link safeFileName} for a list of names, made unique without regard to case (Windows and
 * macOS do not tell `A` from `a`) by appending `-2`, `-3`, …, in input order. Example:
 * `["a b", "a-b", "A b"]` → `["a-b", "a-b-2", "A-b-3"]`.
 */
export function uniqueSafeFileNames(names: readonly string[], fallback = 'peer'): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const base = safeFileName(name, fallback);
    let candidate = base;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
      const suffix = `-${n}`;
      candidate = `${base.slice(0, MAX_FILE_NAME_LENGTH - suffix.length)}${suffix}`;
    }
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}

/**
 * Checks a path inside an export archive and returns it. Each `/`-separated segment must
 * already be a safe name (see {@link safeFileName}), which rules out `..`, absolute paths,
 * drive letters, backslashes, NUL and control characters: an archive from us can never
 * write outside the folder it is unpacked in ("zip slip").
 */
export function validateArchivePath(path: string, field = 'path'): string {
  const fail = (why: string) => new DomainError('EXPORT.INVALID_PATH', `${field} ${why}`, { field });
  if (typeof path !== 'string' || path === '') throw fail('must be a relative path like "branch-a/wg-wan-overlay.conf".');
  if (path.length > MAX_PATH_LENGTH) throw fail(`is ${path.length} characters long; at most ${MAX_PATH_LENGTH}.`);
  for (const segment of path.split('/')) {
    if (segment.length > MAX_FILE_NAME_LENGTH + 8 || !SAFE_SEGMENT.test(segment) || segment === '..' || WINDOWS_RESERVED.test(segment)) {
      throw fail(`has an unsafe part "${segment.replace(/[^\x20-\x7e]/g, '?').slice(0, 40)}"; use names from safeFileName joined by "/".`);
    }
  }
  return path;
}
