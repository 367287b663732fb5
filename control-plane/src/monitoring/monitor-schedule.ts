/**
 * When each router of a monitoring round is read: pure timing, no timers of its own (the
 * clock is a parameter), so the spread, the timeouts and the concurrency bound are tested
 * without waiting.
 */

/** How one round is timed, derived from MONITOR_INTERVAL_SECONDS. */
export interface RoundTiming {
  readonly intervalMs: number;
  /** Reads start spread over the first `spreadMs` of the round, so routers are not all asked at once. */
  readonly spreadMs: number;
  /** Per request. A read is three requests one after the other (resource, identity, WireGuard peers). */
  readonly requestTimeoutMs: number;
}

/** Below this a busy router over a slow link (TLS set-up included) would be called down when it is not. */
const MIN_REQUEST_TIMEOUT_MS = 1_500;
/** RouterOS itself ends requests at 60 s; a health read that slow is a failure anyway. */
const MAX_REQUEST_TIMEOUT_MS = 10_000;
/** A round with monitoring off (a round run by hand) reads everything at once, as patiently as before. */
const UNSCHEDULED_TIMEOUT_MS = 10_000;

/**
 * Spread over 40% of the interval, a fifth of it per request (1.5–10 s). A router keeps its
 * slot from round to round (see {@link readOffsetMs}), so one that stops answering is asked
 * again at most one interval later and marked unreachable one timeout after that: within two
 * intervals for any interval from 2 s up. From 8 s up, even a router that answers each of its
 * three requests just before the timeout is done before the next round (0.4 + 3 × 0.2).
 *
 * Example: 10 s → reads start over the first 4 s and each request gives up after 2 s; a
 * router read fine at 3.9 s that then goes silent is marked unreachable at 15.9 s.
 */
export function roundTiming(intervalSeconds: number): RoundTiming {
  const intervalMs = intervalSeconds * 1000;
  if (intervalMs <= 0) return { intervalMs: 0, spreadMs: 0, requestTimeoutMs: UNSCHEDULED_TIMEOUT_MS };
  const requestTimeoutMs = Math.min(MAX_REQUEST_TIMEOUT_MS, Math.max(MIN_REQUEST_TIMEOUT_MS, Math.round(intervalMs / 5)));
  return { intervalMs, spreadMs: Math.round(intervalMs * 0.4), requestTimeoutMs };
}

/**
 * Where in the spread a router's read starts: a stable slot from its id (FNV-1a, then
 * murmur3's finaliser so ids that differ in one character still land far apart), so each
 * router is read one interval after its previous read, and the fleet evenly over the spread.
 */
export function readOffsetMs(routerId: string, spreadMs: number): number {
  if (spreadMs <= 0) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < routerId.length; i++) hash = Math.imul(hash ^ routerId.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  hash = (hash ^ (hash >>> 16)) >>> 0;
  return Math.floor((hash / 2 ** 32) * spreadMs);
}

/**
 * When the next round starts, `now` being when the last one ended: one interval after the last
 * one started, or at once if it overran. Never before it ended, so rounds never overlap.
 * Example: interval 10 s, a round started at 0 and ended at 4.2 s → 5.8 s; ended at 12 s → 0.
 */
export function nextRoundDelayMs(lastStartedAt: number, now: number, intervalMs: number): number {
  return Math.max(0, lastStartedAt + intervalMs - now);
}

export interface PlannedRead<T> {
  readonly item: T;
  readonly offsetMs: number;
}

export interface RoundClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export interface RoundOptions {
  /** Reads in flight at most. */
  readonly concurrency: number;
  /** The round's start on `clock`; each read starts no earlier than this plus its offset. */
  readonly startedAt: number;
  readonly clock: RoundClock;
  /** Checked before each start: a process shutting down starts no further reads. */
  readonly cancelled?: () => boolean;
}

/**
 * Starts `read` for each planned item at its offset, never more than `concurrency` at once (an
 * item whose time comes while all slots are busy takes the next free one), and resolves when
 * every started read has ended. `read` should not throw; a rejection is swallowed so one
 * router never stops the round.
 */
export async function runRound<T>(plan: readonly PlannedRead<T>[], options: RoundOptions, read: (item: T) => Promise<void>): Promise<void> {
  const { concurrency, startedAt, clock, cancelled = () => false } = options;
  const ordered = [...plan].sort((a, b) => a.offsetMs - b.offsetMs);
  const running = new Set<Promise<void>>();
  for (const { item, offsetMs } of ordered) {
    const wait = startedAt + offsetMs - clock.now();
    if (wait > 0) await clock.sleep(wait);
    while (running.size >= Math.max(1, concurrency)) await Promise.race(running);
    if (cancelled()) break;
    const task: Promise<void> = read(item)
      .catch(() => undefined)
      .finally(() => running.delete(task));
    running.add(task);
  }
  await Promise.all(running);
}
