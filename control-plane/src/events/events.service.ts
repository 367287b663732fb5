import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DEFAULT_EVENT_TYPES, EventBus, WOM_EVENT_TYPES, type WomEvent, type WomEventType } from './event-bus';
import type { EventsQuery } from './events.dto';

/** Proxies drop idle connections after about 30-60 s; a comment line every 15 s keeps them open. */
export const HEARTBEAT_MS = 15_000;

/** Formats one event as an SSE frame. JSON has no raw newlines, so the data fits one line. */
export function sseFrame(event: WomEvent): string {
  return `event: ${event.type}\ndata: ${JSON.stringify({ ...event.data, at: event.at })}\n\n`;
}

/** Parses `?types=a,b`: the known types it names, or the default ones (every type but the telemetry). */
export function selectedTypes(raw: unknown): ReadonlySet<WomEventType> {
  const wanted = typeof raw === 'string' && raw !== '' ? raw.split(',').map((t) => t.trim()) : [];
  const known = WOM_EVENT_TYPES.filter((type) => wanted.includes(type));
  return new Set(known.length > 0 ? known : DEFAULT_EVENT_TYPES);
}

/** With `?wanId=`, only events naming that WAN; one that names no WAN field at all (older publishers) still passes. */
export function inWan(event: WomEvent, wanId: string | undefined): boolean {
  if (wanId === undefined) return true;
  const data = event.data as { readonly wanId?: string | null };
  return !('wanId' in data) || data.wanId === undefined || data.wanId === wanId;
}

@Injectable()
export class EventsService {
  constructor(@Inject(EventBus) private readonly bus: EventBus) {}

  /** Holds the response open as an event stream until the client goes away. */
  stream(req: Request, res: Response, query: EventsQuery = {}): void {
    const types = selectedTypes(query.types ?? req.query['types']);
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no'); // nginx would otherwise buffer the stream
    res.flushHeaders();
    res.write(': connected\nretry: 5000\n\n');
    const subscription = this.bus.events.subscribe({
      next: (event) => {
        if (types.has(event.type) && inWan(event, query.wanId)) res.write(sseFrame(event));
      },
      complete: () => res.end(),
    });
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    const cleanUp = () => {
      clearInterval(heartbeat);
      subscription.unsubscribe();
    };
    req.on('close', cleanUp);
    res.on('error', cleanUp);
  }
}
