import { inject, Injectable, signal, type OnDestroy } from '@angular/core';
import { Subject, type Observable } from 'rxjs';
import { filter } from 'rxjs/operators';
import { AuthService } from './auth.service';
import { nextStreamState, retryDelayMs, streamEventForStatus, type StreamState } from './connection.logic';
import { isForWan, type LiveEvent } from './live-event.logic';
import { SseParser } from './sse-parser.logic';

export type { LiveEvent };

/**
 * One stream of the control plane's live events (`/api/events`), read with fetch so it can
 * carry the bearer token, and reconnected when it drops: at once after a drop, then with a
 * growing pause (capped at a few seconds, so a returning control plane is noticed soon).
 */
@Injectable({ providedIn: 'root' })
export class EventsService implements OnDestroy {
  private readonly auth = inject(AuthService);
  private readonly subject = new Subject<LiveEvent>();
  private controller: AbortController | null = null;
  private started = false;
  /** Where the stream stands; the connection banner reads it. */
  readonly state = signal<StreamState>('idle');

  get connected(): boolean {
    return this.state() === 'open';
  }

  /** Opens the stream if nothing has yet, so an outage is noticed on pages that show no live data. */
  connect(): void {
    this.start();
  }

  on(...types: string[]): Observable<LiveEvent> {
    this.start();
    return this.subject.pipe(filter((event) => types.length === 0 || types.includes(event.type)));
  }

  /**
   * Events of one WAN (read when each event arrives, so it follows the URL), plus those that
   * name no WAN. The stream itself carries every WAN, for the lists that show them all.
   */
  onWan(wanId: () => string | null, ...types: string[]): Observable<LiveEvent> {
    return this.on(...types).pipe(filter((event) => isForWan(event, wanId())));
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (this.started) {
      this.controller = new AbortController();
      if (this.state() === 'idle') this.state.set('connecting');
      try {
        const token = this.auth.token();
        const response = await fetch('/api/events', { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal: this.controller.signal });
        const outcome = streamEventForStatus(response.status);
        this.state.set(nextStreamState(outcome === 'opened' && !response.body ? 'failed' : outcome));
        if (this.state() === 'open' && response.body) {
          failures = 0;
          await this.read(response.body);
          this.state.set(nextStreamState('dropped'));
        } else if (this.state() === 'down') failures++;
      } catch {
        // No answer (the control plane is gone) or a stream cut mid-read.
        if (!this.started) break;
        this.state.set(nextStreamState(this.state() === 'open' ? 'dropped' : 'failed'));
        if (this.state() === 'down') failures++;
      }
      if (!this.started) break;
      const pause = retryDelayMs(this.state(), failures - 1);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    const parser = new SseParser();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      for (const message of parser.push(decoder.decode(value, { stream: true }))) {
        try {
          this.subject.next({ type: message.event, data: JSON.parse(message.data) as Record<string, unknown> });
        } catch {
          // A frame that is not JSON is not ours to show.
        }
      }
    }
  }

  ngOnDestroy(): void {
    this.started = false;
    this.controller?.abort();
  }
}
