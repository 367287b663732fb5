import { HttpRequest, HttpResponse, type HttpEvent, type HttpHandlerFn } from '@angular/common/http';
import { firstValueFrom, of, type Observable } from 'rxjs';
import { earlyAnswerInterceptor, startEarlyRequests } from './early-requests';

type FetchAnswer = { status: number; body: unknown };

/** A server stand-in for `fetch`: each URL answers what the spec sets, and calls are counted. */
function serve(answers: Record<string, FetchAnswer>): { calls: { url: string; auth: string | null }[] } {
  const calls: { url: string; auth: string | null }[] = [];
  globalThis.fetch = (async (url: string, init?: RequestInit) => {
    calls.push({ url, auth: (init?.headers as Record<string, string> | undefined)?.['Authorization'] ?? null });
    const { status, body } = answers[url] ?? { status: 404, body: null };
    return { status, ok: status >= 200 && status < 300, json: async () => body } as Response;
  }) as typeof fetch;
  return { calls };
}

const fromServer = (body: unknown): HttpHandlerFn => () => of(new HttpResponse({ status: 200, body }));
const get = (url: string) => new HttpRequest('GET', url);
const bodyOf = async (events: Observable<HttpEvent<unknown>>) => ((await firstValueFrom(events)) as HttpResponse<unknown>).body;

describe('early requests', () => {
  it('hands a successful early answer to the first request for it, once; later requests go to the server', async () => {
    const server = serve({ '/api/auth/me': { status: 200, body: { name: 'early' } }, '/api/wan': { status: 200, body: [{ id: 'w1' }] } });
    startEarlyRequests('token-1');
    expect(server.calls).toEqual([
      { url: '/api/auth/me', auth: 'Bearer token-1' },
      { url: '/api/wan', auth: 'Bearer token-1' },
    ]);
    expect(await bodyOf(earlyAnswerInterceptor(get('/api/auth/me'), fromServer({ name: 'server' })))).toEqual({ name: 'early' });
    expect(await bodyOf(earlyAnswerInterceptor(get('/api/auth/me'), fromServer({ name: 'server' })))).toEqual({ name: 'server' });
    expect(await bodyOf(earlyAnswerInterceptor(get('/api/wan'), fromServer([])))).toEqual([{ id: 'w1' }]);
  });

  it('sends the request on when the early answer was not a success (a sign-in is needed)', async () => {
    serve({ '/api/auth/me': { status: 401, body: { code: 'AUTH.UNAUTHENTICATED' } } });
    startEarlyRequests(null);
    expect(await bodyOf(earlyAnswerInterceptor(get('/api/auth/me'), fromServer({ name: 'after sign-in' })))).toEqual({ name: 'after sign-in' });
  });

  it('never answers another method or URL from them', async () => {
    serve({ '/api/wan': { status: 200, body: [{ id: 'w1' }] } });
    startEarlyRequests(null);
    const post = new HttpRequest('POST', '/api/wan', { name: 'x' });
    expect(await bodyOf(earlyAnswerInterceptor(post, fromServer({ id: 'created' })))).toEqual({ id: 'created' });
    expect(await bodyOf(earlyAnswerInterceptor(get('/api/wan?limit=1'), fromServer([{ id: 'paged' }])))).toEqual([{ id: 'paged' }]);
    expect(await bodyOf(earlyAnswerInterceptor(get('/api/wan'), fromServer([])))).toEqual([{ id: 'w1' }]);
  });
});
