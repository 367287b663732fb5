import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { computed, DestroyRef, inject, Injectable, signal } from '@angular/core';
import { toObservable } from '@angular/core/rxjs-interop';
import { Subject, type Observable } from 'rxjs';
import { pairwise, tap } from 'rxjs/operators';
import { connectionMessage, connectionStatus, isReconnect, isUnreachable, PROBE_INTERVAL_MS, PROBE_TIMEOUT_MS } from './connection.logic';
import { EventsService } from './events.service';

/**
 * Whether the control plane and its event stream can be reached. API calls report what they
 * see, a light health probe covers quiet pages and a control plane that hangs without closing
 * its connections, and pages reload their data on {@link reconnected}.
 */
@Injectable({ providedIn: 'root' })
export class ConnectionService {
  private readonly events = inject(EventsService);
  readonly apiReachable = signal(true);
  readonly status = computed(() => connectionStatus({ apiReachable: this.apiReachable(), stream: this.events.state() }));
  readonly online = computed(() => this.status() === 'online');
  readonly message = computed(() => connectionMessage(this.status()));
  private readonly reconnects = new Subject<void>();
  /** Emits each time the console is back online after an outage: reload what the page shows. */
  readonly reconnected: Observable<void> = this.reconnects.asObservable();
  private probeTimer: ReturnType<typeof setInterval> | null = null;

  constructor() {
    toObservable(this.status)
      .pipe(pairwise(), tap(([previous, current]) => isReconnect(previous, current) && this.reconnects.next()))
      .subscribe();
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  /** Starts the health probe (it needs no sign-in). Idempotent. */
  start(): void {
    if (this.probeTimer) return;
    this.probeTimer = setInterval(() => void this.probe(), PROBE_INTERVAL_MS);
  }

  /** Opens the event stream too, once signed in (it carries the token). */
  watchStream(): void {
    this.events.connect();
  }

  stop(): void {
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.probeTimer = null;
  }

  /** An API call got an answer (any status) or none. */
  report(httpStatus: number): void {
    this.apiReachable.set(!isUnreachable(httpStatus));
  }

  private async probe(): Promise<void> {
    try {
      const response = await fetch('/healthz', { cache: 'no-store', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      this.report(response.status);
    } catch {
      this.report(0);
    }
  }
}

/** Tells {@link ConnectionService} what every API call saw, so an outage shows on the first failed call. */
export const connectionInterceptor: HttpInterceptorFn = (req, next) => {
  const connection = inject(ConnectionService);
  return next(req).pipe(
    tap({
      next: (event) => {
        if ('status' in event && typeof event.status === 'number') connection.report(event.status);
      },
      error: (error: unknown) => {
        if (error instanceof HttpErrorResponse) connection.report(error.status);
      },
    }),
  );
};
