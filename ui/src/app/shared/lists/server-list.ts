import { HttpClient, HttpErrorResponse, HttpParams } from '@angular/common/http';
import { inject, type Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import type { Page } from '@wom/contracts';
import { merge, of, type Observable } from 'rxjs';
import { catchError, debounceTime, map, scan, startWith, switchMap, withLatestFrom } from 'rxjs/operators';
import { ProblemService } from '../../core/problem.service';

/** What a server-driven table shows: the rows of the last answer, and whether a newer one is on its way or failed. */
export interface ListView<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly loading: boolean;
  /** The last request's failure, in the console's words; null once one succeeds. */
  readonly error: string | null;
  /** True once any answer (rows or failure) arrived: before, the table shows neither "empty" nor rows. */
  readonly settled: boolean;
}

export const EMPTY_VIEW: ListView<never> = { items: [], total: 0, loading: true, error: null, settled: false };

type Step<T> = { readonly kind: 'loading' } | { readonly kind: 'page'; readonly page: Page<T> } | { readonly kind: 'error'; readonly message: string };

/**
 * A list backed by the server: each new request (a URL change, a refresh) cancels the one
 * still in flight through `switchMap`, so a slow old answer can never overwrite a newer one.
 * While a request runs the previous rows stay shown, marked as loading. Call in an injection
 * context.
 *
 * `requests` emits what to fetch (null: nothing to show yet, e.g. no WAN); `refresh` re-fetches
 * the latest request (live events, a reconnect), coalesced so a burst costs one call.
 */
export function serverList<Q, T>(requests: Observable<Q | null>, fetch: (request: Q) => Observable<Page<T>>, refresh: Observable<unknown> = of()): Signal<ListView<T>> {
  const problems = inject(ProblemService);
  const refreshed = refresh.pipe(debounceTime(500), withLatestFrom(requests), map(([, request]) => request));
  const steps = merge(requests, refreshed).pipe(
    switchMap((request): Observable<Step<T>> => {
      if (request === null) return of({ kind: 'page', page: { items: [], total: 0, limit: 0, offset: 0 } });
      return fetch(request).pipe(
        map((page): Step<T> => ({ kind: 'page', page })),
        catchError((error: unknown) => of<Step<T>>({ kind: 'error', message: describe(problems, error) })),
        startWith<Step<T>>({ kind: 'loading' }),
      );
    }),
    scan((view: ListView<T>, step: Step<T>): ListView<T> => {
      if (step.kind === 'loading') return { ...view, loading: true };
      if (step.kind === 'error') return { ...view, loading: false, error: step.message, settled: true };
      return { items: step.page.items, total: step.page.total, loading: false, error: null, settled: true };
    }, EMPTY_VIEW as ListView<T>),
  );
  return toSignal(steps, { initialValue: EMPTY_VIEW as ListView<T> });
}

function describe(problems: ProblemService, error: unknown): string {
  const problem = problems.describe(error instanceof HttpErrorResponse || error instanceof Error ? error : new Error(String(error)));
  return [problem.title, problem.detail, problem.fix].filter(Boolean).join(' ');
}

/** A GET of one page as an Observable, so unsubscribing (a newer request) cancels the HTTP call itself. */
export function getPage<T>(http: HttpClient, url: string, query: Readonly<Record<string, string | number | undefined>>): Observable<Page<T>> {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params = params.set(key, String(value));
  return http.get<Page<T>>(url, { params });
}
