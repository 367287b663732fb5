import type { RouterOsError } from './errors';

export interface RetryPolicy {
  /** Total attempts, the first included. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 4, baseDelayMs: 250, maxDelayMs: 4_000 };

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so retries of
 * many routers spread out but never collapse to zero. `random` returns [0, 1).
 *
 * Example: attempt 3 with base 250 → step 1000 → a delay in [500, 1000).
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number): number {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(step / 2 + random() * (step / 2));
}

/**
 * Whether a failed call may simply be sent again. Reads and PATCH/DELETE are idempotent, so
 * an unclear failure (the router may have acted) is fine to repeat; other writes are repeated
 * only when the router cannot have acted. PUT has its own re-read path in the client.
 */
export function mayRepeat(error: RouterOsError, idempotent: boolean): boolean {
  return error.retry === 'safe' || (error.retry === 'unclear' && idempotent);
}
