import { fromBinary } from '@bufbuild/protobuf';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { agentSubjects, isValidAgentId, JobCancelSchema, JobDispatchSchema, parseRouterJobPayload, routerJobTypeFromWire, type JobDispatch, type SealingKeyPair } from '@wom/contracts';
import { backupDigest, JOB_STOP_CODES, JobStop, stopReason } from '@wom/contracts';
import { JobRunReporter, type ReporterOptions } from './job-run.reporter';
import { openRouterPassword } from './sealed-password';
import type { RunJournal } from './run-journal';
import type { RouterHold } from './run-recovery';

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
  /** This agent's own sealing key pair, which opens the router password of its dispatches; without it every router job is refused. */
  readonly sealingKey?: SealingKeyPair | null;
  /**
   * Where runs that may write to a router are kept from their backup to their end, so a run a
   * crash cuts off is found, and its router restored, at the next start. None in unit specs.
   */
  readonly journal?: RunJournal;
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
 * router password sealed to this agent's key for that run; it is opened just before the job
 * runs, and nothing here logs it or a payload.
 */
export class RouterJobWorker {
  private readonly subjects;
  private readonly runs = new Map<string, Run>();
  private readonly seen = new Set<string>();
  private readonly routerQueues = new Map<string, Promise<void>>();
  private readonly subscriptions: Subscription[] = [];
  /** Routers a crash left with a cut-off run: only their restore runs until it has. */
  private readonly holds = new Map<string, RouterHoldState>();

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
            this.runs.get(cancel.runId)?.controller.abort(new JobStop(JOB_STOP_CODES.cancelled, cancel.reason || 'The job was cancelled.'));
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
    for (const run of this.runs.values()) {
      run.controller.abort(new JobStop(JOB_STOP_CODES.agentStopping, `Site agent ${this.agentId} was stopped during the job (a service stop or a shutdown); it stopped the job and rolled back what it had applied.`));
    }
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
      (reason) => controller.abort(new JobStop(JOB_STOP_CODES.cancelled, reason)),
      (reason) => controller.abort(new JobStop(JOB_STOP_CODES.controlPlaneLost, reason)),
    );
    // Jobs for one router queue behind each other, and after a crash behind its restore; the
    // first report tells the control plane the job arrived.
    const tail = this.routerQueues.get(dispatch.targetPeerId) ?? Promise.resolve();
    const previous = this.afterRestore(dispatch, tail);
    void reporter.accepted().catch(() => undefined);
    const done = previous.then(() => this.execute(dispatch, controller, reporter)).finally(() => {
      this.runs.delete(dispatch.runId);
      if (this.routerQueues.get(dispatch.targetPeerId) === done) this.routerQueues.delete(dispatch.targetPeerId);
    });
    this.routerQueues.set(dispatch.targetPeerId, done);
    this.runs.set(dispatch.runId, { jobId: dispatch.jobId, controller, done });
  }

  /**
   * Holds a router's jobs after a crash cut one of its runs off, until the control plane's
   * restore of that run's backup has run; the restore itself goes first, ahead of the queue.
   */
  hold(hold: RouterHold): void {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holds.set(hold.targetPeerId, { ...hold, released, release });
    void hold.restoreJobId.then((jobId) => {
      if (jobId === null) this.releaseHold(hold.targetPeerId);
    });
  }

  private afterRestore(dispatch: JobDispatch, tail: Promise<void>): Promise<void> {
    const hold = this.holds.get(dispatch.targetPeerId);
    if (hold === undefined) return tail;
    return hold.restoreJobId.then((restoreJobId) => (restoreJobId === dispatch.jobId ? undefined : hold.released.then(() => tail)));
  }

  private async releaseHold(targetPeerId: string): Promise<void> {
    const hold = this.holds.get(targetPeerId);
    if (hold === undefined) return;
    this.holds.delete(targetPeerId);
    // The control plane holds the truth about the cut-off job from here on.
    await this.options.journal?.end(hold.runId).catch(() => undefined);
    hold.release();
  }

  private async execute(dispatch: JobDispatch, controller: AbortController, reporter: JobRunReporter): Promise<void> {
    const type = routerJobTypeFromWire(dispatch.jobType);
    const what = `job ${dispatch.jobId} (${type ?? `type ${dispatch.jobType}`}) for router peer ${dispatch.targetPeerId}`;
    try {
      if (type === null) throw new Error(`This agent does not know job type ${dispatch.jobType}; upgrade it.`);
      // Opened and parsed here, not logged anywhere: it holds the router password.
      const password = openRouterPassword(this.agentId, this.options.sealingKey, { agentId: dispatch.agentId, contextId: dispatch.runId, sealedPassword: dispatch.sealedPassword }, 'run');
      const payload = parseRouterJobPayload(dispatch.payloadJson, password);
      if (controller.signal.aborted) throw controller.signal.reason as Error;
      this.options.log(`jobs: running ${what} against ${payload.connection.host}:${payload.connection.port}`);
      const { runRouterJob } = await loadEngine();
      const journal = this.options.journal;
      const result = await runRouterJob(type, payload, {
        signal: controller.signal,
        step: async (event) => {
          await journal?.step(dispatch.runId, event.name);
          await reporter.step(event);
        },
        backup: async (backup) => {
          await reporter.backup(backup);
          // From here on the router may be written: a crash must be found at the next start.
          await journal?.begin({ runId: dispatch.runId, jobId: dispatch.jobId, targetPeerId: dispatch.targetPeerId, jobType: type, backupDigest: backupDigest(backup), step: 'backup', startedAtMs: Date.now() });
        },
        call: (entry) => reporter.call(entry),
      });
      this.options.log(`jobs: ${what} ended${typeof result['outcome'] === 'string' ? ` ${result['outcome']}` : ''}`);
      // A run that was stopped says by whom (a user's cancel, this agent stopping, the control plane lost).
      const stop = controller.signal.aborted ? stopReason(controller.signal) : null;
      await reporter.result({ ok: true, error: stop?.message ?? '', errorCode: stop?.code ?? '', resultJson: JSON.stringify(result) });
    } catch (error) {
      const stop = controller.signal.aborted ? stopReason(controller.signal) : null;
      const message = (error as Error).message;
      this.options.log(`jobs: ${what} failed: ${message}`);
      await reporter
        .result({ ok: false, error: message, errorCode: stop?.code ?? errorCodeOf(error), resultJson: '' })
        .catch((lost: Error) => this.options.log(`jobs: the result of ${what} was not delivered: ${lost.message}`));
    } finally {
      reporter.stopHeartbeat();
      // The run ended by itself (the engine rolls back what it applied when it fails or stops).
      await this.options.journal?.end(dispatch.runId).catch(() => undefined);
      if (this.holds.get(dispatch.targetPeerId) !== undefined && (await this.holds.get(dispatch.targetPeerId)!.restoreJobId) === dispatch.jobId) await this.releaseHold(dispatch.targetPeerId);
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

interface RouterHoldState extends RouterHold {
  readonly released: Promise<void>;
  readonly release: () => void;
}

/** The stable code of an error the engine or client threw (`ROUTEROS.UNREACHABLE`, …), else a generic one. */
function errorCodeOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Z_]+\.[A-Z_]+$/.test(code) ? code : 'AGENT.JOB_FAILED';
}
