/** Starts `run` after `ms`; returns a function that cancels it. */
export type Schedule = (run: () => void, ms: number) => () => void;

export interface WriteBatcherOptions<I> {
  /** A batch is written once it holds this many items… */
  readonly maxItems: number;
  /** …or this long after its first item came, whichever is first. */
  readonly maxWaitMs: number;
  /** Items with one key never share a batch (one statement may write a row only once). */
  readonly keyOf: (item: I) => string;
  readonly schedule?: Schedule;
}

const timers: Schedule = (run, ms) => {
  const timer = setTimeout(run, ms);
  timer.unref();
  return () => clearTimeout(timer);
};

interface Waiting<I, O> {
  readonly item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

/**
 * Gathers items written one at a time into batches written together: each `add` resolves with
 * its own result once its batch is written (or rejects with the batch's error). A batch waits
 * at most `maxWaitMs`, so nothing is held back long; batches are written one after the other,
 * never two at once, so their statements never wait on each other's locks.
 *
 * Example: 500 router readings spread over 4 s, maxWaitMs 250 and maxItems 100 → about 16
 * statements a round instead of 500.
 */
export class WriteBatcher<I, O> {
  private pending: Waiting<I, O>[] = [];
  private keys = new Set<string>();
  private cancelTimer: (() => void) | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly schedule: Schedule;

  constructor(
    private readonly write: (items: readonly I[]) => Promise<readonly O[]>,
    private readonly options: WriteBatcherOptions<I>,
  ) {
    this.schedule = options.schedule ?? timers;
  }

  add(item: I): Promise<O> {
    if (this.keys.has(this.options.keyOf(item))) this.startBatch();
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.keys.add(this.options.keyOf(item));
      if (this.pending.length >= this.options.maxItems) this.startBatch();
      else if (this.cancelTimer === null) this.cancelTimer = this.schedule(() => this.startBatch(), this.options.maxWaitMs);
    });
  }

  /** Writes what is waiting now and resolves once every batch started so far is written (shutdown). */
  flush(): Promise<void> {
    this.startBatch();
    return this.writing;
  }

  private startBatch(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.keys = new Set();
    this.writing = this.writing.then(async () => {
      try {
        const results = await this.write(batch.map((waiting) => waiting.item));
        batch.forEach((waiting, index) => waiting.resolve(results[index] as O));
      } catch (error) {
        for (const waiting of batch) waiting.reject(error);
      }
    });
  }
}
