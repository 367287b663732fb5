/** The claims and header of an access token, read without checking it (tests only). */
export function decodeAccessToken(token: string): { sub: string; sid: string; iat: number; exp: number; kid: string } {
  const [header, payload] = token.split('.');
  const h = JSON.parse(Buffer.from(header!, 'base64url').toString('utf8')) as { kid: string };
  const p = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as { sub: string; sid: string; iat: number; exp: number };
  return { ...p, kid: h.kid };
}

/** The `wom_refresh=…` pair from a response's Set-Cookie, ready for a Cookie header; undefined when none was set. */
export function refreshCookieOf(setCookie: string | string[] | undefined): string | undefined {
  const lines = Array.isArray(setCookie) ? setCookie : setCookie === undefined ? [] : [setCookie];
  const line = lines.find((l) => l.startsWith('wom_refresh='));
  const pair = line?.split(';')[0];
  return pair === undefined || pair === 'wom_refresh=' ? undefined : pair;
}
