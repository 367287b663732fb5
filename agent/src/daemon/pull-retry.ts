import { errorMessage } from '../linux/linux-apply.service';

/** The first retry waits this long; each failure doubles it up to the maximum. */
const FIRST_MS = 250;
const MAX_MS = 2_000;
/**
 * How long a pull waits for its answer: briefly at first, longer after each timeout. A request
 * sent while the control plane was coming back can go unanswered, and the first wait is all it
 * costs; a control plane that is merely slow (many agents pulling at once) gets more time on
 * the next attempt instead of the same request again and again.
 */
const FIRST_ANSWER_WAIT_MS = 3_000;
const MAX_ANSWER_WAIT_MS = 12_000;

/**
 * Keeps asking for the desired state until an answer comes. A pull can fail when NATS is back
 * before the control plane (no responders) or the other way round (timeout); nothing else
 * would ask again until the next change, so the agent could sit on an old revision. Retries
 * run outside the apply queue, one at a time, with a short capped backoff and jitter (many
 * agents reconnect together), so an agent converges within a couple of seconds of both being
 * back. The first failure of a streak is logged, and the recovery.
 */
export class PullRetry {
  private timer: NodeJS.Timeout | null = null;
  private delayMs = FIRST_MS;
  private failures = 0;
  private timeouts = 0;

  constructor(
    private readonly log: (line: string) => void,
    private readonly random: () => number = Math.random,
  ) {}

  /** The wait for the next pull's answer. */
  answerWaitMs(): number {
    return Math.min(MAX_ANSWER_WAIT_MS, FIRST_ANSWER_WAIT_MS * 2 ** this.timeouts);
  }

  failed(error: unknown, pullAgain: () => void): void {
    if (/timeout/i.test(errorMessage(error))) this.timeouts++;
    if (this.failures++ === 0) this.log(`pull: ${errorMessage(error)}; retrying until the control plane answers`);
    if (this.timer !== null) return;
    const wait = this.delayMs * (0.75 + this.random() / 2);
    this.delayMs = Math.min(MAX_MS, this.delayMs * 2);
    this.timer = setTimeout(() => {
      this.timer = null;
      pullAgain();
    }, wait);
    this.timer.unref?.();
  }

  succeeded(): void {
    if (this.failures > 0) this.log(`pull: answered after ${this.failures} failed attempt(s)`);
    this.failures = 0;
    this.timeouts = 0;
    this.delayMs = FIRST_MS;
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
