import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Subject, type Observable } from 'rxjs';

/** Every event the console can subscribe to, by type. Payloads hold ids and states, never secrets. */
export interface WomEventPayloads {
  'peer.status': { readonly peerId: string; readonly wanId: string; readonly isOnline: boolean; readonly lastSeen: string | null };
  'job.progress': { readonly jobId: string; readonly peerId: string; readonly status: string; readonly progressPercent: number };
  'conflict.changed': { readonly wanId: string; readonly conflictId: string; readonly status: string };
  'config.changed': { readonly wanId: string; readonly peerIds: readonly string[]; readonly reason: string };
}

export type WomEventType = keyof WomEventPayloads;
export const WOM_EVENT_TYPES: readonly WomEventType[] = ['peer.status', 'job.progress', 'conflict.changed', 'config.changed'];

export interface WomEvent<T extends WomEventType = WomEventType> {
  readonly type: T;
  readonly data: WomEventPayloads[T];
  readonly at: string;
}

/**
 * In-process fan-out of live events to SSE clients. Publishing never blocks and never fails:
 * with nobody listening an event is simply dropped (the console reloads state on connect).
 */
@Injectable()
export class EventBus implements OnModuleDestroy {
  private readonly subject = new Subject<WomEvent>();

  publish<T extends WomEventType>(type: T, data: WomEventPayloads[T], now: Date = new Date()): void {
    this.subject.next({ type, data, at: now.toISOString() } as WomEvent);
  }

  get events(): Observable<WomEvent> {
    return this.subject.asObservable();
  }

  onModuleDestroy(): void {
    this.subject.complete();
  }
}
