import { signal } from '@angular/core';
import type { ProblemView } from '../core/api-error.logic';

/**
 * Whether a page's data is loading, loaded or failed, for `<wom-load-state>`. Only the latest
 * load counts: an older answer that arrives late changes nothing.
 */
export class LoadState {
  readonly loading = signal(false);
  readonly loaded = signal(false);
  readonly problem = signal<ProblemView | null>(null);
  private round = 0;

  constructor(private readonly describe: (error: unknown) => ProblemView) {}

  /** Runs one load; its failure is kept (and shown with a retry) instead of thrown. */
  async run(load: () => Promise<void>): Promise<void> {
    const round = ++this.round;
    this.loading.set(true);
    try {
      await load();
      if (round === this.round) {
        this.problem.set(null);
        this.loaded.set(true);
      }
    } catch (error) {
      if (round === this.round) this.problem.set(this.describe(error));
    } finally {
      if (round === this.round) this.loading.set(false);
    }
  }
}
