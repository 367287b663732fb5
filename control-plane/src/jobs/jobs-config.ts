import { validate as isValidCron } from 'node-cron';
import { ConfigError } from '../config/app-config-error';

/** How the control plane runs jobs, checks drift and watches routers. */
export interface JobsConfig {
  /** Off when site agents execute every job and this replica only queues them (JOB_RUNNER_ENABLED=false). */
  readonly runnerEnabled: boolean;
  /** Routers worked on at once by this replica (JOB_CONCURRENCY). */
  readonly concurrency: number;
  /** How often the runner looks for pending jobs and cancellations (JOB_POLL_INTERVAL_MS). */
  readonly pollIntervalMs: number;
  /** A claimed job's lease; a replica that stops renewing it is taken to be dead (JOB_LEASE_SECONDS). */
  readonly leaseSeconds: number;
  /** Desired-state changes to an auto-deploy router within this window become one deployment. */
  readonly autoDeployDebounceMs: number;
  /** node-cron expression for the periodic drift check of every router; null turns it off. */
  readonly driftCheckCron: string | null;
  /** Wait before retrying a failed removal (undeploy) job; it doubles after each failure, up to an hour (REMOVAL_RETRY_SECONDS). */
  readonly removalRetrySeconds: number;
}

type Read = <T>(name: string, fallback: T, parse: (raw: string) => T) => T;

/** Reads the JOB_*, AUTO_DEPLOY_*, DRIFT_* and REMOVAL_* variables through app-config's collector. */
export function readJobsConfig(read: Read): JobsConfig {
  return {
    runnerEnabled: read('JOB_RUNNER_ENABLED', true, (raw) => boolean('JOB_RUNNER_ENABLED', raw)),
    concurrency: read('JOB_CONCURRENCY', 10, (raw) => whole('JOB_CONCURRENCY', raw, 1, 200)),
    pollIntervalMs: read('JOB_POLL_INTERVAL_MS', 1000, (raw) => whole('JOB_POLL_INTERVAL_MS', raw, 20, 60_000)),
    leaseSeconds: read('JOB_LEASE_SECONDS', 60, (raw) => whole('JOB_LEASE_SECONDS', raw, 2, 3600)),
    autoDeployDebounceMs: read('AUTO_DEPLOY_DEBOUNCE_MS', 2000, (raw) => whole('AUTO_DEPLOY_DEBOUNCE_MS', raw, 0, 600_000)),
    driftCheckCron: read<string | null>('DRIFT_CHECK_CRON', '0 * * * *', cron),
    removalRetrySeconds: read('REMOVAL_RETRY_SECONDS', 30, (raw) => whole('REMOVAL_RETRY_SECONDS', raw, 1, 3600)),
  };
}

function whole(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got "${raw}".`);
  }
  return Number(raw);
}

function boolean(name: string, raw: string): boolean {
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(name, `expected true or false, got "${raw}".`);
  return raw === 'true';
}

function cron(raw: string): string | null {
  if (raw === 'off') return null;
  if (!isValidCron(raw)) throw new ConfigError('DRIFT_CHECK_CRON', `expected a cron expression like "0 * * * *" (hourly) or "off", got "${raw}".`);
  return raw;
}
