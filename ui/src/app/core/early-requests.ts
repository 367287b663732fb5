import { HttpResponse, type HttpInterceptorFn } from '@angular/common/http';
import { from, of, switchMap } from 'rxjs';

/** What every page needs first: who is signed in, and the WANs (the URL's WAN is checked against them). */
const EARLY_URLS = ['/api/auth/me', '/api/wan'] as const;
/** An answer older than this is not used: the page asks again. */
const MAX_AGE_MS = 5_000;

interface EarlyAnswer {
  readonly startedAt: number;
  readonly answer: Promise<{ readonly status: number; readonly body: unknown } | null>;
}

const early = new Map<string, EarlyAnswer>();

/**
 * Asks for {@link EARLY_URLS} before the console has started, so the answers are on their way
 * while it boots instead of after. Only a head start: {@link earlyAnswerInterceptor} hands
 * each answer to the first request for it, once, if it was a success and is fresh; anything
 * else (a 401, an error, a late answer) is dropped and the request goes to the server as usual.
 */
export function startEarlyRequests(token: string | null): void {
  for (const url of EARLY_URLS) {
    const answer = fetch(url, { headers: token ? { Authorization: `Bearer ${token}` } : {}, credentials: 'same-origin' })
      .then(async (response) => ({ status: response.status, body: response.ok ? ((await response.json()) as unknown) : null }))
      .catch(() => null);
    early.set(url, { startedAt: performance.now(), answer });
  }
}

export const earlyAnswerInterceptor: HttpInterceptorFn = (req, next) => {
  const entry = req.method === 'GET' ? early.get(req.urlWithParams) : undefined;
  if (!entry) return next(req);
  early.delete(req.urlWithParams);
  if (performance.now() - entry.startedAt > MAX_AGE_MS) return next(req);
  return from(entry.answer).pipe(
    switchMap((got) => (got && got.status >= 200 && got.status < 300 ? of(new HttpResponse({ status: got.status, body: got.body, url: req.url })) : next(req))),
  );
};
