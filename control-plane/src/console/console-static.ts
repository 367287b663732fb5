import { existsSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, normalize, relative, resolve } from 'node:path';

/** Paths the API and operations own; the console never answers them, not even with its index page. */
const RESERVED = [/^\/api(\/|$)/, /^\/install(\/|$)/, /^\/healthz(\/|$)/, /^\/readyz(\/|$)/, /^\/metrics(\/|$)/];

export type ConsoleAnswer = { readonly kind: 'file'; readonly path: string; readonly immutable: boolean } | { readonly kind: 'index' } | { readonly kind: 'pass' };

/**
 * Decides how the console answers a request: a built file, the index page (the console's own
 * router handles deep links such as /peers/<id>), or nothing so the API's 404 applies.
 *
 * - Only GET and HEAD; reserved prefixes always pass.
 * - A path that escapes the root (`/../`, encoded or not) or names a dot-file passes.
 * - A missing path with a file extension passes (a missing script must 404, not return HTML).
 * - Hashed build outputs (`main-ABC123.js`) are immutable; the index page must always revalidate.
 */
export function consoleAnswer(root: string, method: string, urlPath: string, exists: (path: string) => boolean = isFile): ConsoleAnswer {
  if (method !== 'GET' && method !== 'HEAD') return { kind: 'pass' };
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split('?')[0] ?? '/');
  } catch {
    return { kind: 'pass' };
  }
  // Dot-files (and `..`) are never part of a build: `.git`, `.env` or a stray `.tmp` stays private.
  if (RESERVED.some((pattern) => pattern.test(path)) || path.includes('\0') || path.split(/[\\/]/).some((segment) => segment.startsWith('.'))) return { kind: 'pass' };
  const target = resolve(root, `.${normalize(`/${path}`)}`);
  const inside = relative(root, target);
  if (inside.startsWith('..') || isAbsolute(inside)) return { kind: 'pass' };
  if (inside === '' || inside === 'index.html') return { kind: 'index' };
  if (exists(target)) return { kind: 'file', path: target, immutable: /-[A-Z0-9]{8,}\.(js|css)$/.test(target) };
  if (extname(path) !== '') return { kind: 'pass' };
  return { kind: 'index' };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The built console: `CONSOLE_DIR` when set (an installation that keeps it elsewhere), else
 * `ui/dist/console/browser` under the working directory, if it was built.
 */
export function findConsoleRoot(cwd: string, configured: string | undefined = process.env['CONSOLE_DIR']): string | null {
  const root = configured ? resolve(cwd, configured) : join(cwd, 'ui', 'dist', 'console', 'browser');
  return existsSync(join(root, 'index.html')) ? root : null;
}
