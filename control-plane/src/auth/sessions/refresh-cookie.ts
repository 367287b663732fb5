import type { Request, Response } from 'express';
import type { CookieSecureMode } from '../../config/auth-config';

export const REFRESH_COOKIE = 'wom_refresh';
/** Only the refresh and logout calls need it, so no other request carries it. */
export const REFRESH_COOKIE_PATH = '/api/auth';

/**
 * `Secure` follows COOKIE_SECURE: `auto` sets it when the request came over HTTPS (directly,
 * or through a proxy trusted with TRUST_PROXY). On plain HTTP a browser would store a Secure
 * cookie only for localhost, and never send it back from another address, so `auto` leaves
 * it off there rather than break sign-in; set `true` to insist.
 */
export function setRefreshCookie(req: Request, res: Response, token: string, maxAgeSeconds: number, mode: CookieSecureMode): void {
  res.cookie(REFRESH_COOKIE, token, { httpOnly: true, secure: secure(req, mode), sameSite: 'strict', path: REFRESH_COOKIE_PATH, maxAge: maxAgeSeconds * 1000 });
}

export function clearRefreshCookie(req: Request, res: Response, mode: CookieSecureMode): void {
  res.clearCookie(REFRESH_COOKIE, { httpOnly: true, secure: secure(req, mode), sameSite: 'strict', path: REFRESH_COOKIE_PATH });
}

/** The refresh token from the Cookie header, or undefined. */
export function readRefreshCookie(req: Request): string | undefined {
  return readCookie(req, REFRESH_COOKIE);
}

/** One cookie's value from the Cookie header, or undefined (no cookie parser is installed). */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== 'string' || header.length > 8192) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** Whether a cookie gets `Secure` under COOKIE_SECURE (see setRefreshCookie). */
export const secure = (req: Request, mode: CookieSecureMode): boolean => (mode === 'auto' ? req.secure : mode === 'true');
