import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { LinkStatsEvent, RouterHealthEvent } from '@wom/contracts';
import { Subject, type Observable } from 'rxjs';

/** Every event the console can subscribe to, by type. Payloads hold ids and states, never secrets. */
export interface WomEventPayloads {
  /**
   * A peer went on- or offline; an agent's every status report also sends one carrying its tunnel
   * traffic (newest handshake over its links, bytes summed), so a console shows it live.
   */
  'peer.status': { readonly peerId: string; readonly wanId: string; readonly isOnline: boolean; readonly lastSeen: string | null } & Partial<PeerTraffic>;
  /** `wanId`: the job's WAN (null for a job of no WAN), so a stream scoped to one WAN can leave others out. */
  'job.progress': { readonly jobId: string; readonly peerId: string; readonly wanId?: string | null; readonly status: string; readonly progressPercent: number };
  'conflict.changed': { readonly wanId: string; readonly conflictId: string; readonly status: string };
  'config.changed': { readonly wanId: string; readonly peerIds: readonly string[]; readonly reason: string };
  /** Every read of every router, each MONITOR_INTERVAL_SECONDS: opt-in (see DEFAULT_EVENT_TYPES). */
  'router.health': RouterHealthEvent;
  'link.stats': LinkStatsEvent;
}

/** A peer's tunnel traffic as its own side counts it. */
export interface PeerTraffic {
  readonly lastHandshake: string | null;
  readonly rxBytes: number;
  readonly txBytes: number;
}

export type WomEventType = keyof WomEventPayloads;
export const WOM_EVENT_TYPES: readonly WomEventType[] = ['peer.status', 'job.progress', 'conflict.changed', 'config.changed', 'router.health', 'link.stats'];
/**
 * What a stream carries when `?types=` names nothing: changes of state. The per-read telemetry
 * (500 routers every 10 s is 100 events a second) comes only to a client that asks for it.
 */
export const DEFAULT_EVENT_TYPES: readonly WomEventType[] = ['peer.status', 'job.progress', 'conflict.changed', 'config.changed'];

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
