import { computed, inject, type Signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { ActivatedRoute, Router } from '@angular/router';
import { map } from 'rxjs/operators';
import { WanContext } from './wan-context.service';
import { ALL_WANS_SCOPE, scopeWanFilter } from './wan-path.logic';

/** A list's WAN scope: the selected WAN, or every WAN with `?scope=all` in the URL (so a reload or a shared link keeps it). */
export interface WanScope {
  readonly all: Signal<boolean>;
  /** The `wanId` filter to send: undefined for every WAN. */
  readonly wanId: Signal<string | undefined>;
  setAll(all: boolean): Promise<boolean>;
}

/** Call in a page's injection context (a field initialiser or the constructor). */
export function wanScope(): WanScope {
  const route = inject(ActivatedRoute);
  const router = inject(Router);
  const context = inject(WanContext);
  const scope = toSignal(route.queryParamMap.pipe(map((query) => query.get('scope'))), { initialValue: route.snapshot.queryParamMap.get('scope') });
  return {
    all: computed(() => scope() === ALL_WANS_SCOPE),
    wanId: computed(() => scopeWanFilter(scope(), context.wanId())),
    setAll: (all) => router.navigate([], { relativeTo: route, queryParams: { scope: all ? ALL_WANS_SCOPE : null }, queryParamsHandling: 'merge' }),
  };
}
