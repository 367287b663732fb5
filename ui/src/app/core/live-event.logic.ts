/** One event of the control plane's live stream. */
export interface LiveEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/** An event is another WAN's when it names a WAN and that is not the one shown. */
export function isForWan(event: LiveEvent, wanId: string | null): boolean {
  const named = event.data['wanId'];
  return typeof named !== 'string' || wanId === null || named === wanId;
}
