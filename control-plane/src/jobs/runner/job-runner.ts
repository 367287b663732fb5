import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import type { DeploymentJobEntity } from '../../database/entities';
import { EventBus } from '../../events/event-bus';
import { JobExecutorRegistry, type JobExecutionContext, type JobOutcome, type JobStep, type RouterCallRecord } from './job-executor';
import { JobQueueRepository } from './job-queue.repository';
import { JobStop, STOP_CODES } from './job-stop';

interface ActiveJob {
  readonly peerId: string;
  readonly controller: AbortController;
  /** What its `job.progress` events say: `cancelling` from the moment this process learns of a cancel. */
  status: 'running' | 'cancelling';
  /** The progress last stored; it never goes down. */
  percent: number;
}

/** Said on a job that completed although it was cancelled: the cancel came after its last step. */
export const CANCELLED_TOO_LATE = 'Cancelled too late: the job had already done its work, so it completed and nothing was rolled back.';

/**
 * The built-in worker: claims jobs (at most `JOB_CONCURRENCY` at once, one per router), hands
 * each to its executor, and records what happens. Every poll it renews its leases, notices
 * cancellations made through any replica, and takes over jobs whose worker died.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('JobRunner');
  /** Unique per process, so a restarted control plane never mistakes its predecessor's leases for its own. */
  readonly workerId = `${hostname().slice(0, 32)}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private readonly active = new Map<string, ActiveJob>();
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JobQueueRepository) private readonly queue: JobQueueRepository,
    @Inject(JobExecutorRegistry) private readonly executors: JobExecutorRegistry,
    @Inject(EventBus) private readonly events: EventBus,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.jobs.runnerEnabled) return;
    this.timer = setInterval(() => this.poke(), this.config.jobs.pollIntervalMs);
    this.timer.unref();
    // Crash recovery runs first thing: the first poll takes over abandoned jobs before new ones.
    this.poke();
  }

  /** Before, not on, shutdown: the database closes on shutdown, and the jobs must record their end first. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.polling;
    // Jobs stop at their next step boundary and roll back. If the process is killed before they
    // finish, the next one takes them over once their leases end.
    for (const job of this.active.values()) job.controller.abort(new JobStop(STOP_CODES.controlPlaneStopping, 'The control plane was shutting down; the job stopped and rolled back what it had applied. Run it again.'));
    await Promise.allSettled([...this.running]);
  }

  /** Starts a poll now unless one is under way (also called after a job is queued or cancelled). */
  poke(): void {
    if (this.stopped || this.polling || !this.config.jobs.runnerEnabled) return;
    this.polling = this.poll()
      .catch((error: unknown) => this.logger.error(`Job poll failed: ${(error as Error).message}`))
      .finally(() => {
        this.polling = null;
      });
  }

  /**
   * Aborts a job this process runs, right after its move to `cancelling` committed. Called
   * before that change is announced, so none of the job's later events says `running` again.
   */
  noticeCancelled(jobId: string): void {
    const job = this.active.get(jobId);
    if (!job) return;
    job.status = 'cancelling';
    job.controller.abort(new JobStop(STOP_CODES.cancelled, 'The job was cancelled.'));
  }

  private async poll(): Promise<void> {
    const { leaseSeconds, concurrency } = this.config.jobs;
    const held = await this.queue.renewLeases(this.workerId, leaseSeconds, [...this.active.keys()]);
    for (const [jobId, job] of this.active) {
      const status = held.get(jobId);
      if (status === undefined) job.controller.abort(new JobStop(STOP_CODES.leaseLost, 'This worker lost the job\'s lease (it could not renew it in time) and another worker took the job over.'));
      else if ((status === 'cancelling' || status === 'cancelled') && job.status === 'running') this.cancelledElsewhere(jobId, job);
    }
    while (!this.stopped && this.active.size < concurrency) {
      const job = await this.queue.claimAbandoned(this.workerId, leaseSeconds, this.busyPeers());
      if (!job) break;
      this.start(job, true);
    }
    while (!this.stopped && this.active.size < concurrency) {
      const job = await this.queue.claimPending(this.workerId, leaseSeconds, this.busyPeers());
      if (!job) break;
      this.start(job, false);
    }
  }

  /** Cancelled through another replica: this one's event stream learns it from the runner. */
  private cancelledElsewhere(jobId: string, job: ActiveJob): void {
    this.noticeCancelled(jobId);
    this.events.publish('job.progress', { jobId, peerId: job.peerId, status: 'cancelling', progressPercent: job.percent });
  }

  private busyPeers(): string[] {
    return [...new Set([...this.active.values()].map((job) => job.peerId))];
  }

  private start(job: DeploymentJobEntity, abandoned: boolean): void {
    // A job taken over while cancelling is not aborted: its recovery is the rollback the cancel asked for.
    const active: ActiveJob = { peerId: job.peerId, controller: new AbortController(), status: job.status === 'running' || job.status === 'pending' ? 'running' : 'cancelling', percent: job.progressPercent };
    this.active.set(job.id, active);
    const work = this.run(job, abandoned, active).finally(() => {
      this.active.delete(job.id);
      this.running.delete(work);
      // A slot is free: look for the next job without waiting for the timer.
      this.poke();
    });
    this.running.add(work);
  }

  private async run(job: DeploymentJobEntity, abandoned: boolean, active: ActiveJob): Promise<void> {
    const steps: JobStep[] = Array.isArray(job.steps) ? (job.steps as JobStep[]) : [];
    const announce = (): void => this.events.publish('job.progress', { jobId: job.id, peerId: job.peerId, wanId: job.wanId, status: active.status, progressPercent: active.percent });
    let calls: RouterCallRecord[] = [];
    let flushing: Promise<void> = Promise.resolve();
    const flushCalls = (): Promise<void> => {
      const batch = calls;
      calls = [];
      flushing = flushing.then(() => this.queue.insertCalls(job.id, job.peerId, batch)).catch((error: unknown) => this.logger.warn(`Call log of job ${job.id} not written: ${(error as Error).message}`));
      return flushing;
    };
    const context: JobExecutionContext = {
      signal: active.controller.signal,
      progress: async ({ percent: next, step }) => {
        if (step) {
          const index = steps.findIndex((s) => s.name === step.name && s.startedAt === step.startedAt);
          if (index >= 0) steps[index] = step;
          else steps.push(step);
        }
        const percent = next === undefined ? active.percent : Math.max(active.percent, Math.min(100, Math.round(next)));
        await Promise.all([this.queue.saveProgress(job.id, percent, steps), flushCalls()]);
        active.percent = Math.max(active.percent, percent);
        announce();
      },
      recordCall: (call) => {
        calls.push(call);
      },
      saveBackup: (backup) => this.queue.saveBackup(job.id, backup),
    };
    announce();
    const executed = await this.execute(job, abandoned, context);
    const outcome = active.status === 'cancelling' && executed.status === 'completed' ? { ...executed, errorMessage: executed.errorMessage ?? CANCELLED_TOO_LATE } : executed;
    await flushCalls();
    const finished = await this.queue.finish(job.id, this.workerId, outcome).catch((error: unknown) => {
      this.logger.error(`Could not record the end of job ${job.id}: ${(error as Error).message}`);
      return null;
    });
    if (finished) this.events.publish('job.progress', { jobId: job.id, peerId: job.peerId, wanId: job.wanId, status: finished.status, progressPercent: finished.progressPercent });
  }

  /** Never throws: an executor's exception becomes the job's failure, so one router can't take the runner down. */
  private async execute(job: DeploymentJobEntity, abandoned: boolean, context: JobExecutionContext): Promise<JobOutcome> {
    const executor = this.executors.forType(job.jobType);
    if (!executor) {
      return { status: 'failed', errorMessage: `No executor runs ${job.jobType} jobs in this control plane.`, errorCode: 'JOB.NO_EXECUTOR', result: null };
    }
    try {
      return abandoned ? await executor.recoverAbandoned(job, context) : await executor.execute(job, context);
    } catch (error) {
      this.logger.warn(`Job ${job.id} (${job.jobType}) failed: ${(error as Error).message}`);
      return { status: 'failed', errorMessage: (error as Error).message, errorCode: 'JOB.FAILED', result: null };
    }
  }
}
