/**
 * Whether the console can trust what it shows: the control plane answers, and its live event
 * stream is open. Pure, so the rules can be tested without a network.
 */

/** The live event stream: `refused` is an answer (signed out, forbidden), not an outage. */
export type StreamState = 'idle' | 'connecting' | 'open' | 'down' | 'refused';

/** What happened to one attempt to open or keep the stream. */
export type StreamEvent = 'opened' | 'dropped' | 'failed' | 'refused';

export type ConnectionStatus = 'online' | 'api-down' | 'stream-down';

export interface ConnectionFacts {
  /** The last API call or health probe got an answer from the control plane. */
  readonly apiReachable: boolean;
  readonly stream: StreamState;
}

/**
 * How often the health probe asks, and how long it waits. A control plane that stopped answering
 * is noticed within PROBE_INTERVAL_MS + PROBE_TIMEOUT_MS (4 s), inside the 5 s an operator should
 * wait before learning the page is stale.
 */
export const PROBE_INTERVAL_MS = 2000;
export const PROBE_TIMEOUT_MS = 2000;

/**
 * The stream's next state. A stream that ends after being open is retried at once before anyone
 * is told (a restart or a proxy's idle cut is not an outage); a failed attempt is.
 */
export function nextStreamState(event: StreamEvent): StreamState {
  switch (event) {
    case 'opened':
      return 'open';
    case 'dropped':
      return 'connecting';
    case 'failed':
      return 'down';
    case 'refused':
      return 'refused';
  }
}

/**
 * The pause before the next attempt: short after a drop, doubling while the control plane stays
 * away but capped at 4 s so the banner clears soon after it returns; 5 s when refused (it waits
 * for a sign-in, which changes the token the next attempt sends).
 */
export function retryDelayMs(state: StreamState, failuresInARow: number): number {
  if (state === 'refused') return 5000;
  if (state === 'connecting') return 500;
  return Math.min(500 * 2 ** Math.max(0, failuresInARow), 4000);
}

/** An HTTP status meaning nobody answered: no answer at all (0) or a proxy's gateway error. */
export function isUnreachable(httpStatus: number): boolean {
  return httpStatus === 0 || httpStatus === 502 || httpStatus === 504;
}

/** A response status that ends a stream attempt as an outage rather than a refusal. */
export function streamEventForStatus(httpStatus: number): StreamEvent {
  if (httpStatus >= 200 && httpStatus < 300) return 'opened';
  return httpStatus >= 500 || isUnreachable(httpStatus) ? 'failed' : 'refused';
}

export function connectionStatus(facts: ConnectionFacts): ConnectionStatus {
  if (!facts.apiReachable) return 'api-down';
  if (facts.stream === 'down') return 'stream-down';
  return 'online';
}

/** What the banner says, or null when there is nothing to say. */
export function connectionMessage(status: ConnectionStatus): string | null {
  switch (status) {
    case 'online':
      return null;
    case 'api-down':
      return 'Control plane unreachable: what you see may be out of date. Retrying; the page refreshes when it answers again.';
    case 'stream-down':
      return 'Live updates interrupted: what you see may be out of date. Retrying; the page refreshes when they resume.';
  }
}

/** True exactly when the console comes back online: the moment pages reload what they show. */
export function isReconnect(previous: ConnectionStatus, current: ConnectionStatus): boolean {
  return previous !== 'online' && current === 'online';
}
