import { extname } from 'node:path';

/** The encodings the console is served in, best first. */
export type ContentEncoding = 'br' | 'gzip' | 'identity';

/** Where each encoding's bytes live next to the built file (`main-ABC.js.br`). */
export const PRECOMPRESSED_SUFFIX: Readonly<Record<Exclude<ContentEncoding, 'identity'>, string>> = { br: '.br', gzip: '.gz' };

/**
 * Files smaller than this are sent as they are: compression would save less than a packet.
 * The console's post-build step (`ui/scripts/precompress.mjs`) uses the same threshold.
 */
export const MIN_COMPRESSIBLE_BYTES = 1024;

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.ico': 'image/x-icon',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
};

/** Types that shrink when compressed; images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.webmanifest', '.map', '.svg', '.xml', '.txt', '.ico']);

/** The Content-Type of a built file, from its extension (the `.br`/`.gz` copies share the original's). */
export function contentTypeOf(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export function isCompressible(path: string, size: number): boolean {
  return size >= MIN_COMPRESSIBLE_BYTES && COMPRESSIBLE.has(extname(path).toLowerCase());
}

/** Below the smallest q-value a client can name (0.001), above refusal. */
const IMPLICIT_IDENTITY_WEIGHT = 0.0001;

/**
 * The best encoding the client accepts among those on offer, by RFC 9110 §12.5.3: the highest
 * q-value wins, ties go to br, then gzip, then identity; `q=0` refuses one; `*` stands for
 * every encoding not named; identity is acceptable unless refused by name or by `*;q=0`, and
 * when not named at all it ranks below any compression the client named.
 * Returns null only when even identity is refused (the caller answers 406 or sends identity).
 *
 * @example chooseEncoding('gzip, deflate, br;q=0.9', ['br', 'gzip']) === 'gzip'
 */
export function chooseEncoding(acceptEncoding: string | undefined, offered: readonly Exclude<ContentEncoding, 'identity'>[]): ContentEncoding | null {
  const weights = parseAcceptEncoding(acceptEncoding ?? '');
  const weightOf = (coding: ContentEncoding): number => {
    const named = weights.get(coding);
    if (named !== undefined) return named;
    const star = weights.get('*');
    if (star !== undefined) return star;
    return coding === 'identity' ? IMPLICIT_IDENTITY_WEIGHT : 0;
  };
  let best: ContentEncoding | null = null;
  let bestWeight = 0;
  for (const coding of ['br', 'gzip', 'identity'] as const) {
    if (coding !== 'identity' && !offered.includes(coding)) continue;
    const weight = weightOf(coding);
    if (weight > bestWeight) {
      best = coding;
      bestWeight = weight;
    }
  }
  return best;
}

/** `gzip;q=0.8, br` → {gzip: 0.8, br: 1}; malformed members are skipped, names lower-cased; `x-gzip` is gzip. */
function parseAcceptEncoding(header: string): Map<string, number> {
  const weights = new Map<string, number>();
  // A header is a few dozen bytes; a bound keeps a hostile one from costing anything.
  for (const member of header.slice(0, 1024).split(',').slice(0, 32)) {
    const [rawName = '', ...parameters] = member.split(';');
    let name = rawName.trim().toLowerCase();
    if (name === 'x-gzip') name = 'gzip';
    if (!/^[a-z0-9*!#$%&'+.^_`|~-]+$/.test(name)) continue;
    let q = 1;
    for (const parameter of parameters) {
      const match = /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(parameter);
      if (match) q = Math.min(1, Number(match[1]));
    }
    weights.set(name, Math.max(q, weights.get(name) ?? 0));
  }
  return weights;
}

/**
 * A strong validator for one encoding of one file version: the bytes differ per encoding, so
 * the tag does too (RFC 9110 §8.8.3), and a new build (size or time) changes every tag.
 */
export function entityTag(size: number, modifiedMs: number, encoding: ContentEncoding): string {
  return `"${size.toString(36)}-${Math.floor(modifiedMs).toString(36)}${encoding === 'identity' ? '' : `-${encoding}`}"`;
}

/** Whether an If-None-Match header names this tag (or `*`); weak comparison, as RFC 9110 §13.1.2 asks for GET. */
export function matchesIfNoneMatch(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  const bare = tag.replace(/^W\//, '');
  return header
    .split(',')
    .map((candidate) => candidate.trim().replace(/^W\//, ''))
    .some((candidate) => candidate === '*' || candidate === bare);
}
