import { inject, type Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router, type ParamMap } from '@angular/router';
import { Subject, type Observable } from 'rxjs';
import { debounceTime, distinctUntilChanged, map } from 'rxjs/operators';

/** How long typing in a filter waits before it becomes a request. */
export const TYPING_DEBOUNCE_MS = 300;

/** A list's state read from, and written to, the page's URL query parameters. */
export interface ListRoute<S> {
  readonly state: Signal<S>;
  /** The state as a stream, each distinct state once. */
  readonly states: Observable<S>;
  /** Shows `next` by navigating; typing replaces the history entry, other changes add one. */
  go(next: S, options?: { readonly replace?: boolean }): void;
  /** Applies `update` to the state of the moment once the user paused typing, so a change made meanwhile is kept. */
  typed(update: (current: S) => S): void;
}

/**
 * Binds a list's state to the URL. `parse` must tolerate anything (a hand-edited link); `params`
 * leaves defaults out (null), and other query parameters (`scope`, `batch`) are kept. Call in
 * an injection context.
 */
export function listRoute<S>(parse: (params: ParamMap) => S, params: (state: S) => Record<string, string | null>): ListRoute<S> {
  const route = inject(ActivatedRoute);
  const router = inject(Router);
  const same = (a: S, b: S) => JSON.stringify(a) === JSON.stringify(b);
  const states = route.queryParamMap.pipe(map(parse), distinctUntilChanged(same));
  const state = toSignal(states, { initialValue: parse(route.snapshot.queryParamMap) });
  const go = (next: S, options: { readonly replace?: boolean } = {}) =>
    void router.navigate([], { relativeTo: route, queryParams: params(next), queryParamsHandling: 'merge', replaceUrl: options.replace ?? false });
  // Every edit of the pause is applied (typing in two fields within one pause keeps both).
  let pending: ((current: S) => S)[] = [];
  const typing = new Subject<void>();
  typing.pipe(debounceTime(TYPING_DEBOUNCE_MS)).subscribe(() => {
    const updates = pending;
    pending = [];
    go(updates.reduce((current, update) => update(current), state()), { replace: true });
  });
  return {
    state,
    states,
    go,
    typed: (update) => {
      pending.push(update);
      typing.next();
    },
  };
}
