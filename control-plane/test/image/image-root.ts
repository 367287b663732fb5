import { cp, mkdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join, posix, relative } from 'node:path';
import type { CopyLine } from './dockerfile';

export const REPO_ROOT = join(__dirname, '..', '..', '..');

/**
 * Files a runtime stage copies from the build stage's base image (node:20-bookworm-slim), and
 * what on this machine stands in for each: the Node binary the tests run on is the same major.
 */
const BASE_IMAGE_STAND_INS: Readonly<Record<string, string>> = { '/usr/local/bin/node': process.execPath };

/**
 * Where a path of the build stage is on this machine: under its WORKDIR it is the repository
 * (the build context is the repository root and the stage builds in place); the few files the
 * base image brings have stand-ins.
 */
export function buildStagePath(path: string, buildWorkdir: string): string {
  const prefix = buildWorkdir.endsWith('/') ? buildWorkdir : `${buildWorkdir}/`;
  if (path.startsWith(prefix)) return join(REPO_ROOT, path.slice(prefix.length));
  const standIn = BASE_IMAGE_STAND_INS[path];
  if (standIn) return standIn;
  throw new Error(`COPY --from=build ${path}: outside the build stage's WORKDIR ${buildWorkdir} and not a known base-image file`);
}

/** `path` of the image, under `root` (this test's stand-in for the image's `/`). */
export const inRoot = (root: string, path: string): string => join(root, posix.normalize(path));

/**
 * Copies what one `COPY --from=build SRC... DST` line copies into `root`, with Docker's rules: a
 * directory source copies its contents into DST; a file goes to DST, or into it when DST ends in
 * `/` or there are several sources.
 */
export async function copyLikeDocker(line: CopyLine, root: string, buildWorkdir: string): Promise<string[]> {
  const copied: string[] = [];
  for (const source of line.sources) {
    const from = buildStagePath(source, buildWorkdir);
    const info = await stat(from).catch(() => null);
    if (!info) throw new Error(`COPY --from=${line.from} ${source}: ${relative(REPO_ROOT, from)} does not exist; the build stage did not make it`);
    const intoDirectory = info.isDirectory() || line.destination.endsWith('/') || line.sources.length > 1;
    const to = info.isDirectory() ? inRoot(root, line.destination) : intoDirectory ? join(inRoot(root, line.destination), basename(from)) : inRoot(root, line.destination);
    await mkdir(info.isDirectory() ? to : dirname(to), { recursive: true });
    await cp(from, to, { recursive: true, verbatimSymlinks: true });
    copied.push(to);
  }
  return copied;
}

/** Directories above `dir` holding a node_modules, which would let a missing package resolve by accident. */
export function nodeModulesAbove(dir: string): string[] {
  const found: string[] = [];
  for (let current = dirname(dir); ; current = dirname(current)) {
    if (existsSync(join(current, 'node_modules'))) found.push(join(current, 'node_modules'));
    if (dirname(current) === current) return found;
  }
}
