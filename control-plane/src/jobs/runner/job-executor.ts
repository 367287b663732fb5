import { Injectable } from '@nestjs/common';
import type { DeploymentJobEntity } from '../../database/entities';

/** One step of a job as the job monitor shows it (spec §5.8). */
export interface JobStep {
  readonly name: string;
  readonly status: 'running' | 'succeeded' | 'failed' | 'skipped' | 'cancelled';
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly detail: string;
}

/** One HTTP call to a router, already redacted, for the API-call log (spec §6.1.8). */
export interface RouterCallRecord {
  readonly method: string;
  readonly path: string;
  readonly requestBody?: Readonly<Record<string, unknown>>;
  readonly status: number | null;
  readonly durationMs: number;
  readonly error?: { readonly code: string; readonly message: string };
}

/**
 * What an executor may do while it works. Recording is the runner's business, so an executor
 * (the built-in one, or a site agent's proxy) never touches the job row itself.
 */
export interface JobExecutionContext {
  /** Aborted when the job is cancelled or its lease was lost: stop at the next step boundary. */
  readonly signal: AbortSignal;
  /** Persists steps and progress (which never goes down) and streams a `job.progress` event. */
  progress(update: { readonly percent?: number; readonly step?: JobStep }): Promise<void>;
  /** Queues one call-log row for this job. */
  recordCall(call: RouterCallRecord): void;
  /** Stores the pre-change backup with the job as soon as it exists, so a crash can't lose it. */
  saveBackup(backup: Record<string, unknown>): Promise<void>;
}

export interface JobOutcome {
  readonly status: 'completed' | 'failed' | 'cancelled';
  readonly errorMessage: string | null;
  /** Why it did not complete, as a stable code (see job-stop.ts, or the engine's `ROUTEROS.*`/`DEPLOY.*`); null when it did. */
  readonly errorCode?: string | null;
  readonly result: Record<string, unknown> | null;
  /** The calls the job sent, for `operations_log`. */
  readonly operations?: readonly unknown[];
}

export interface JobExecutor {
  /** The job types this executor runs; the first registered executor for a type wins. */
  readonly jobTypes: readonly DeploymentJobEntity['jobType'][];
  /** Runs the job; router-side failures come back as a failed outcome, not as a throw. */
  execute(job: DeploymentJobEntity, context: JobExecutionContext): Promise<JobOutcome>;
  /**
   * A job a dead worker left running (or cancelled mid-way): undo whatever it may have applied
   * and say why it ends as it does. Never leaves the job running.
   */
  recoverAbandoned(job: DeploymentJobEntity, context: JobExecutionContext): Promise<JobOutcome>;
}

/**
 * An executor that takes only some jobs of its types (a site agent's proxy takes the jobs of
 * routers assigned to an agent); the rest go to the type's regular executor.
 */
export interface RoutedJobExecutor extends JobExecutor {
  takes(job: DeploymentJobEntity): Promise<boolean>;
}

/**
 * Executors register here at module init; the runner looks them up when it claims a job.
 * Kept apart from the runner so a deployment can plug in another executor (a site agent
 * working for its routers) without the claiming and recording code knowing.
 */
@Injectable()
export class JobExecutorRegistry {
  private readonly byType = new Map<string, JobExecutor>();
  private readonly routed = new Map<string, RoutedJobExecutor[]>();

  register(executor: JobExecutor): void {
    for (const type of executor.jobTypes) if (!this.byType.has(type)) this.byType.set(type, executor);
  }

  /** Asked first, in registration order, for each job of its types. */
  registerRouted(executor: RoutedJobExecutor): void {
    for (const type of executor.jobTypes) this.routed.set(type, [...(this.routed.get(type) ?? []), executor]);
  }

  forType(type: string): JobExecutor | undefined {
    const routed = this.routed.get(type);
    const fallback = this.byType.get(type);
    if (!routed) return fallback;
    const pick = async (job: DeploymentJobEntity): Promise<JobExecutor> => {
      for (const executor of routed) if (await executor.takes(job)) return executor;
      if (!fallback) throw new Error(`No executor runs ${type} jobs in this control plane.`);
      return fallback;
    };
    return {
      jobTypes: [type as DeploymentJobEntity['jobType']],
      execute: async (job, context) => (await pick(job)).execute(job, context),
      recoverAbandoned: async (job, context) => (await pick(job)).recoverAbandoned(job, context),
    };
  }
}
