import { AGENT_CASES } from './agent.cases';
import { AGENTS_CASES } from './agents.cases';
import { API_CASES } from './api.cases';
import { AUTH_CASES } from './auth.cases';
import { CONSOLE_LISTS_CASES } from './console-lists.cases';
import { CORE_CASES } from './core.cases';
import { INSTALL_CASES } from './install.cases';
import { OUTAGE_CASES } from './outage.cases';
import { JOBS_CASES } from './jobs.cases';
import { MONITORING_CASES } from './monitoring.cases';
import { ROUTER_RECOVERY_CASES } from './router-recovery.cases';
import { ROUTEROS_CASES } from './routeros.cases';
import { SEALING_CASES } from './sealing.cases';
import { UI_CASES } from './ui.cases';
import { peakRssMb, type CaseOutcome, type CaseResult } from './measure';

/** Every benchmark case, by key. Each area keeps its cases in its own `*.cases.ts`. */
export const CASES: Record<string, () => Promise<CaseOutcome>> = {
  ...CORE_CASES,
  ...API_CASES,
  ...ROUTEROS_CASES,
  ...JOBS_CASES,
  ...MONITORING_CASES,
  ...AGENT_CASES,
  ...AGENTS_CASES,
  ...SEALING_CASES,
  ...INSTALL_CASES,
  ...OUTAGE_CASES,
  ...AUTH_CASES,
  ...ROUTER_RECOVERY_CASES,
  ...UI_CASES,
  ...CONSOLE_LISTS_CASES,
};

export async function runCase(key: string): Promise<CaseResult> {
  const run = CASES[key];
  if (!run) throw new Error(`unknown benchmark case ${key}`);
  const outcome = await run();
  return judge(outcome, peakRssMb());
}

function judge({ limitMs, limitRssMb, passed, related, ...outcome }: CaseOutcome, rss: number): CaseResult {
  const withinTime = passed ?? outcome.medianMs <= limitMs;
  return {
    ...outcome,
    peakRssMb: rss,
    passed: withinTime && (limitRssMb === undefined || rss <= limitRssMb),
    ...(related ? { related: related.map((r) => judge(r, rss)) } : {}),
  };
}
