import { inject, Injectable, type OnDestroy } from '@angular/core';
import { Subject, type Observable } from 'rxjs';
import { filter } from 'rxjs/operators';
import { AuthService } from './auth.service';
import { SseParser } from './sse-parser.logic';

export interface LiveEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/**
 * One stream of the control plane's live events (`/api/events`), read with fetch so it can
 * carry the bearer token, and reconnected with a growing pause when it drops.
 */
@Injectable({ providedIn: 'root' })
export class EventsService implements OnDestroy {
  private readonly auth = inject(AuthService);
  private readonly subject = new Subject<LiveEvent>();
  private controller: AbortController | null = null;
  private started = false;
  connected = false;

  on(...types: string[]): Observable<LiveEvent> {
    this.start();
    return this.subject.pipe(filter((event) => types.length === 0 || types.includes(event.type)));
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    let pause = 1000;
    while (this.started) {
      this.controller = new AbortController();
      try {
        const token = this.auth.token();
        const response = await fetch('/api/events', { headers: token ? { Authorization: `Bearer ${token}` } : {}, signal: this.controller.signal });
        if (response.ok && response.body) {
          this.connected = true;
          pause = 1000;
          await this.read(response.body);
        }
      } catch {
        // Dropped or aborted: reconnect below unless stopped.
      }
      this.connected = false;
      if (!this.started) break;
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 30_000);
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
