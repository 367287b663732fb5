import { fromBinary } from '@bufbuild/protobuf';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { agentSubjects, isValidAgentId, JobCancelSchema, JobDispatchSchema, parseRouterJobPayload, routerJobTypeFromWire, type JobDispatch } from '@wom/contracts';
import { JobRunReporter, type ReporterOptions } from './job-run.reporter';

/**
 * The RouterOS engine and its HTTP client (undici) are half the agent's code, and most boxes
 * never drive a router: they are loaded with the first router job, not at start.
 */
const loadEngine = () => import('./router-job.engine');

export interface RouterJobWorkerOptions {
  readonly log: (line: string) => void;
  /** How long one report waits for the control plane; default 5 s. */
  readonly answerTimeoutMs?: number;
  /** Tries per report; default 3. */
  readonly attempts?: number;
}

interface Run {
  readonly jobId: string;
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

/** Run ids seen lately, so a dispatch repeated while its first copy was in flight runs once. */
const REMEMBERED_RUNS = 1_000;

/**
 * Runs the MikroTik jobs the control plane dispatches to this agent for routers only it can
 * reach. Jobs for one router run one after the other (a second deployment must not interleave
 * with the first); jobs for different routers run side by side. The dispatch carries the
 * router password; nothing here logs a payload.
 */
export class RouterJobWorker {
  private readonly subjects;
  private readonly runs = new Map<string, Run>();
  private readonly seen = new Set<string>();
  private readonly routerQueues = new Map<string, Promise<void>>();
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly connection: NatsConnection,
    private readonly agentId: string,
    private readonly options: RouterJobWorkerOptions,
  ) {
    this.subjects = agentSubjects(agentId);
  }

  start(): void {
    this.subscriptions.push(
      this.connection.subscribe(this.subjects.jobDispatch, {
        callback: (error, message) => {
          if (error === null) this.accept(message.data);
        },
      }),
      this.connection.subscribe(this.subjects.jobCancel, {
        callback: (error, message) => {
          if (error !== null) return;
          try {
            const cancel = fromBinary(JobCancelSchema, message.data);
            this.runs.get(cancel.runId)?.controller.abort(new Error(cancel.reason || 'The job was cancelled.'));
          } catch {
            // An unreadable cancel names no run; the next report's answer carries it again.
          }
        },
      }),
    );
  }

  /** Stops taking jobs and aborts the running ones (they roll back and report), then waits for them. */
  async stop(): Promise<void> {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    for (const run of this.runs.values()) run.controller.abort(new Error('The agent is stopping.'));
    await this.idle();
  }

  /** Resolves once every accepted job has ended. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.runs.values()].map((run) => run.done));
  }

  get runningJobIds(): string[] {
    return [...this.runs.values()].map((run) => run.jobId);
  }

  private accept(data: Uint8Array): void {
    let dispatch: JobDispatch;
    try {
      dispatch = fromBinary(JobDispatchSchema, data);
    } catch {
      this.options.log('jobs: dropped an unreadable dispatch');
      return;
    }
    if (!isValidAgentId(dispatch.runId) || !isValidAgentId(dispatch.targetPeerId) || this.seen.has(dispatch.runId)) return;
    this.remember(dispatch.runId);
    const controller = new AbortController();
    const reporter = new JobRunReporter(
      this.connection,
      { agentId: this.agentId, jobId: dispatch.jobId, runId: dispatch.runId },
      this.reporterOptions(dispatch),
      (reason) => controller.abort(new Error(reason)),
      (reason) => controller.abort(new Error(reason)),
    );
    // Jobs for one router queue behind each other; the first report tells the control plane the job arrived.
    const previous = this.routerQueues.get(dispatch.targetPeerId) ?? Promise.resolve();
    void reporter.accepted().catch(() => undefined);
    const done = previous.then(() => this.execute(dispatch, controller, reporter)).finally(() => {
      this.runs.delete(dispatch.runId);
      if (this.routerQueues.get(dispatch.targetPeerId) === done) this.routerQueues.delete(dispatch.targetPeerId);
    });
    this.routerQueues.set(dispatch.targetPeerId, done);
    this.runs.set(dispatch.runId, { jobId: dispatch.jobId, controller, done });
  }

  private async execute(dispatch: JobDispatch, controller: AbortController, reporter: JobRunReporter): Promise<void> {
    const type = routerJobTypeFromWire(dispatch.jobType);
    const what = `job ${dispatch.jobId} (${type ?? `type ${dispatch.jobType}`}) for router peer ${dispatch.targetPeerId}`;
    try {
      if (type === null) throw new Error(`This agent does not know job type ${dispatch.jobType}; upgrade it.`);
      // Parsed here, not logged anywhere: it holds the router password.
      const payload = parseRouterJobPayload(dispatch.payloadJson);
      if (controller.signal.aborted) throw controller.signal.reason as Error;
      this.options.log(`jobs: running ${what} against ${payload.connection.host}:${payload.connection.port}`);
      const { runRouterJob } = await loadEngine();
      const result = await runRouterJob(type, payload, {
        signal: controller.signal,
        step: (event) => reporter.step(event),
        backup: (backup) => reporter.backup(backup),
        call: (entry) => reporter.call(entry),
      });
      this.options.log(`jobs: ${what} ended${typeof result['outcome'] === 'string' ? ` ${result['outcome']}` : ''}`);
      await reporter.result({ ok: true, error: '', resultJson: JSON.stringify(result) });
    } catch (error) {
      const message = (error as Error).message;
      this.options.log(`jobs: ${what} failed: ${message}`);
      await reporter.result({ ok: false, error: message, resultJson: '' }).catch((lost: Error) => this.options.log(`jobs: the result of ${what} was not delivered: ${lost.message}`));
    } finally {
      reporter.stopHeartbeat();
    }
  }

  private reporterOptions(dispatch: JobDispatch): ReporterOptions {
    return {
      answerTimeoutMs: this.options.answerTimeoutMs ?? 5_000,
      attempts: this.options.attempts ?? 3,
      heartbeatMs: Math.min(Math.max(dispatch.heartbeatMs || 5_000, 200), 60_000),
    };
  }

  private remember(runId: string): void {
    this.seen.add(runId);
    if (this.seen.size > REMEMBERED_RUNS) this.seen.delete(this.seen.values().next().value as string);
  }
}
