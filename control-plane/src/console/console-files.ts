import { createReadStream, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { NextFunction, Request, Response } from 'express';
import { chooseEncoding, contentTypeOf, entityTag, isCompressible, matchesIfNoneMatch, PRECOMPRESSED_SUFFIX, type ContentEncoding } from './console-encoding.logic';
import { consoleAnswer } from './console-static';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Hashed build outputs never change under their name; the index page names them, so it must always revalidate. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';
export const REVALIDATE_CACHE_CONTROL = 'no-cache';

type Compressed = Exclude<ContentEncoding, 'identity'>;

/** What one response sends: a file on disk (the original or its precompressed copy) or bytes compressed here. */
type Body = { readonly kind: 'file'; readonly path: string; readonly size: number; readonly tag: string } | { readonly kind: 'memory'; readonly bytes: Buffer; readonly tag: string };

/**
 * Sends the console's built files in the best encoding the browser accepts: the `.br`/`.gz`
 * copies the build wrote next to each asset, or, when the build wrote none (a console built
 * without the post-build step), a copy compressed here once and kept in memory. Every
 * response says `Vary: Accept-Encoding` and carries a tag per encoding, so caches keep the
 * variants apart. Range requests are ignored (`Accept-Ranges: none`, a full 200), which HTTP
 * allows and which keeps a byte range from ever meaning different bytes per encoding.
 */
export class ConsoleFiles {
  private readonly compressed = new Map<string, Promise<Buffer | null>>();
  private cachedBytes = 0;

  /** @param maxCachedBytes bound on what on-the-fly compression keeps in memory; past it, copies are made per request. */
  constructor(private readonly maxCachedBytes = 32 * 1024 * 1024) {}

  /** Express middleware serving `root`; anything the console does not own goes to `next`. */
  handler(root: string): (req: Request, res: Response, next: NextFunction) => void {
    return (req, res, next) => {
      const answer = consoleAnswer(root, req.method, req.path);
      if (answer.kind === 'pass') return next();
      const [path, cacheControl] = answer.kind === 'file' ? [answer.path, answer.immutable ? IMMUTABLE_CACHE_CONTROL : REVALIDATE_CACHE_CONTROL] : [join(root, 'index.html'), REVALIDATE_CACHE_CONTROL];
      // A file removed since it was found (a rebuild in place) is a 404 like any missing asset.
      this.send(req, res, path, cacheControl).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' && !res.headersSent ? next() : next(error)));
    };
  }

  async send(req: Request, res: Response, path: string, cacheControl: string): Promise<void> {
    const original = await stat(path);
    const copies = await this.precompressedCopies(path);
    const onTheFly = copies.size === 0 && isCompressible(path, original.size);
    const offered: Compressed[] = onTheFly ? ['br', 'gzip'] : [...copies.keys()];
    const encoding = chooseEncoding(header(req, 'accept-encoding'), offered) ?? 'identity';
    const body = await this.body(path, original, encoding, copies, onTheFly);
    const sentEncoding = body.kind === 'file' && body.path === path ? 'identity' : encoding;

    res.setHeader('Content-Type', contentTypeOf(path));
    res.setHeader('Cache-Control', cacheControl);
    res.setHeader('Last-Modified', original.mtime.toUTCString());
    res.setHeader('ETag', body.tag);
    res.setHeader('Accept-Ranges', 'none');
    if (offered.length > 0) res.setHeader('Vary', 'Accept-Encoding');
    if (matchesIfNoneMatch(header(req, 'if-none-match'), body.tag)) {
      res.status(304).end();
      return;
    }
    if (sentEncoding !== 'identity') res.setHeader('Content-Encoding', sentEncoding);
    res.setHeader('Content-Length', String(body.kind === 'file' ? body.size : body.bytes.length));
    res.status(200);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    if (body.kind === 'memory') {
      res.end(body.bytes);
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const stream = createReadStream(body.path);
      stream.once('error', (error) => {
        // Headers are out: the only honest thing left is to cut the response short.
        if (res.headersSent) res.destroy(error);
        reject(error);
      });
      res.once('close', () => {
        stream.destroy();
        resolve();
      });
      stream.pipe(res);
    });
  }

  /** The `.br`/`.gz` copies next to `path`, if the build wrote them. */
  private async precompressedCopies(path: string): Promise<Map<Compressed, Stats>> {
    const copies = new Map<Compressed, Stats>();
    for (const encoding of ['br', 'gzip'] as const) {
      const copy = await stat(path + PRECOMPRESSED_SUFFIX[encoding]).catch(() => null);
      if (copy?.isFile()) copies.set(encoding, copy);
    }
    return copies;
  }

  private async body(path: string, original: Stats, encoding: ContentEncoding, copies: Map<Compressed, Stats>, onTheFly: boolean): Promise<Body> {
    const identity: Body = { kind: 'file', path, size: original.size, tag: entityTag(original.size, original.mtimeMs, 'identity') };
    if (encoding === 'identity') return identity;
    const copy = copies.get(encoding);
    if (copy) return { kind: 'file', path: path + PRECOMPRESSED_SUFFIX[encoding], size: copy.size, tag: entityTag(copy.size, copy.mtimeMs, encoding) };
    if (!onTheFly) return identity;
    const bytes = await this.compress(path, original, encoding);
    // A file that does not shrink goes out as it is.
    return bytes === null ? identity : { kind: 'memory', bytes, tag: entityTag(original.size, original.mtimeMs, encoding) };
  }

  /**
   * Compresses a file once per version (size and time) and encoding, sharing the work between
   * requests that arrive while it runs; null when the result would not be smaller.
   */
  private compress(path: string, original: Stats, encoding: Compressed): Promise<Buffer | null> {
    const key = `${encoding}:${original.size}:${original.mtimeMs}:${path}`;
    const known = this.compressed.get(key);
    if (known) return known;
    const work = readFile(path).then(async (raw) => {
      // Mid-range levels: this runs while a browser waits; the build's copies use the maximum.
      const bytes = encoding === 'br' ? await brotli(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 6, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }) : await gzipAsync(raw, { level: 6 });
      return bytes.length < raw.length ? bytes : null;
    });
    if (this.cachedBytes + original.size > this.maxCachedBytes) return work;
    this.cachedBytes += original.size;
    this.compressed.set(key, work);
    // A failed read must not stay cached as a failure.
    work.catch(() => {
      this.compressed.delete(key);
      this.cachedBytes -= original.size;
    });
    return work;
  }
}

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
