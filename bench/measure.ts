/** Timing helpers for benchmark cases. Each case runs in its own process, so peak RSS is its own. */

export interface CaseResult {
  readonly name: string;
  readonly target: string;
  /** Median wall time of the measured runs, in milliseconds. */
  readonly medianMs: number;
  readonly runs: readonly number[];
  readonly peakRssMb: number;
  readonly passed: boolean;
  readonly notes?: string;
  /** Shown instead of the median time when the figure is not a time (a size, a count). */
  readonly display?: string;
  /** Further figures measured in the same run (one setup, several targets); each gets its own row. */
  readonly related?: readonly CaseResult[];
}

/**
 * What a case says about itself; the runner adds the process's peak RSS. A case whose target is
 * not a median time (a p99, a rate) decides `passed` itself.
 */
export type CaseOutcome = Omit<CaseResult, 'peakRssMb' | 'passed' | 'related'> & {
  readonly limitMs: number;
  readonly limitRssMb?: number;
  readonly passed?: boolean;
  readonly related?: readonly CaseOutcome[];
};

export async function timeRuns(runs: number, body: () => unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await body();
    times.push(performance.now() - started);
  }
  return times;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export const peakRssMb = () => process.resourceUsage().maxRSS / 1024;
