import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../errors/app-error';

/**
 * How deep a request body may nest. The deepest DTO is a few levels (a peer's subnets); the
 * limit is checked on the raw text before parsing, so a body nested thousands of levels deep
 * never reaches the recursive validation and transformation that would overflow the stack.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Every route reads JSON: any other body is refused rather than silently read as `{}`. A route
 * that one day takes another type (a form post) needs its own parser and an exemption here.
 */
const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];

/**
 * The JSON parser's options: 413 past `limit`, 400 past MAX_JSON_DEPTH (checked before parsing).
 * It only reads JSON_MEDIA_TYPES; `refuseNonJsonBodies`, mounted before it, refuses the rest.
 */
export function jsonParserOptions(limit: string): { limit: string; type: string[]; verify: (req: unknown, res: unknown, raw: Uint8Array) => void } {
  return { limit, type: JSON_MEDIA_TYPES, verify: (_req, _res, raw) => refuseDeepJson(raw) };
}

/**
 * 415 for a body that is not JSON, a missing content type included. A request without a body,
 * or with an empty one, passes whatever its content type, so bodyless routes work as before.
 */
export function refuseNonJsonBodies(req: Request, _res: Response, next: NextFunction): void {
  // `req.is` is null when the request carries no body at all.
  const matches = req.is(JSON_MEDIA_TYPES);
  if (matches !== false || req.headers['content-length'] === '0') return next();
  // Only the media type is echoed, clipped: the header is the caller's text.
  const sent = req.headers['content-type']?.split(';')[0]?.trim().slice(0, 80) || 'no Content-Type';
  next(new AppError('REQUEST.UNSUPPORTED_MEDIA_TYPE', `The request body must be JSON, sent with Content-Type: application/json (got ${sent}).`, { fields: [] }));
}

const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * Throws when the raw body nests objects and arrays deeper than MAX_JSON_DEPTH. One pass over
 * the bytes, skipping strings: brackets and quotes are ASCII, and no byte of a multi-byte UTF-8
 * character is ASCII, so the bytes can be read without decoding them.
 */
export function refuseDeepJson(raw: Uint8Array): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > MAX_JSON_DEPTH) {
        throw new AppError('REQUEST.TOO_DEEP', `The request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep, the most the server accepts.`, { fields: [], maxDepth: MAX_JSON_DEPTH });
      }
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    }
  }
}
