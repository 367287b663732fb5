import { CORE_CASES } from './core.cases';
import { peakRssMb, type CaseOutcome, type CaseResult } from './measure';

/** Every benchmark case, by key. Each area keeps its cases in its own `*.cases.ts`. */
export const CASES: Record<string, () => Promise<CaseOutcome>> = {
  ...CORE_CASES,
};

export async function runCase(key: string): Promise<CaseResult> {
  const run = CASES[key];
  if (!run) throw new Error(`unknown benchmark case ${key}`);
  const { limitMs, limitRssMb, passed, ...outcome } = await run();
  const rss = peakRssMb();
  const withinTime = passed ?? outcome.medianMs <= limitMs;
  return { ...outcome, peakRssMb: rss, passed: withinTime && (limitRssMb === undefined || rss <= limitRssMb) };
}
