/**
 * When the publisher runs: after the outbox has been quiet for `quietMs`, but never later
 * than `maxWaitMs` after the first unprocessed change was seen, so a steady stream of edits
 * cannot starve agents. Pure, so the rule is tested without clocks.
 */
export interface PublisherTiming {
  readonly quietMs: number;
  readonly maxWaitMs: number;
}

export const DEFAULT_PUBLISHER_TIMING: PublisherTiming = { quietMs: 150, maxWaitMs: 1_000 };

export interface OutboxObservation {
  /** The newest unprocessed change id, or null when the outbox is empty. */
  readonly newest: string | null;
  readonly at: number;
}

export class PublishSchedule {
  private firstSeenAt: number | null = null;
  private lastChangeAt = 0;
  private lastNewest: string | null = null;

  constructor(private readonly timing: PublisherTiming = DEFAULT_PUBLISHER_TIMING) {}

  /** Records what the outbox holds now; true when the pending changes should be published. */
  observe({ newest, at }: OutboxObservation): boolean {
    if (newest === null) {
      this.firstSeenAt = null;
      this.lastNewest = null;
      return false;
    }
    if (this.firstSeenAt === null) this.firstSeenAt = at;
    if (newest !== this.lastNewest) {
      this.lastNewest = newest;
      this.lastChangeAt = at;
    }
    return at - this.lastChangeAt >= this.timing.quietMs || at - this.firstSeenAt >= this.timing.maxWaitMs;
  }

  /** After a publish: the next change starts a new window. */
  published(): void {
    this.firstSeenAt = null;
    this.lastNewest = null;
  }
}
