/** Renew this long before the access token expires, so a request never carries an expired one. */
export const REFRESH_MARGIN_MS = 60_000;
/** Never renew more often than this, whatever a token claims. */
const MIN_REFRESH_DELAY_MS = 5_000;

/**
 * The `exp` of an access token, in ms since the epoch, or null when it cannot be read. Only
 * for scheduling the next refresh: the control plane checks the token, the console never does.
 */
export function tokenExpiresAt(token: string | null): number | null {
  const payload = token?.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/**
 * How long to wait before renewing a token that expires at `expiresAt`: a minute early, and
 * at once (after a short floor) when it is already that close. Null when there is nothing to renew.
 *
 * @example refreshDelayMs(Date.now() + 900_000, Date.now()) // 840_000
 */
export function refreshDelayMs(expiresAt: number | null, now: number): number | null {
  if (expiresAt === null) return null;
  return Math.max(MIN_REFRESH_DELAY_MS, expiresAt - REFRESH_MARGIN_MS - now);
}

/** Calls that manage the session itself: a 401 from them means "sign in", never "refresh and retry". */
export function isSessionCall(url: string): boolean {
  return /^\/api\/auth\/(login|refresh|logout)(\?|$)/.test(url);
}
