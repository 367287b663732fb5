import type { NextFunction, Request, Response } from 'express';

/** One year, as browsers' preload lists expect. */
export const HSTS_VALUE = 'max-age=31536000';

/**
 * Strict-Transport-Security on HTTPS answers only (RFC 6797 §7.2: a browser ignores it over
 * HTTP). `req.secure` also holds behind a TLS-terminating proxy trusted with TRUST_PROXY.
 */
export function strictTransportSecurity(req: Request, res: Response, next: NextFunction): void {
  if (req.secure) res.setHeader('Strict-Transport-Security', HSTS_VALUE);
  next();
}
