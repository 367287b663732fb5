import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { NatsConnection } from '@nats-io/transport-node';
import { agentJobRunSubject, JobProgressSchema, JobReportAckSchema, JobReportSchema, JobResultSchema, JobStepStateSchema, RouterCallSchema, type JobProgress, type JobResult, type RouterCall } from '@wom/contracts';
import type { DeploymentStepEvent, RouterOsCallLogEntry } from '@wom/routeros';

export interface ReporterOptions {
  /** How long one report waits for the control plane's answer. */
  readonly answerTimeoutMs: number;
  /** Tries per report before the agent decides the control plane lost the job. */
  readonly attempts: number;
  /** Sends a heartbeat when nothing else was sent for this long. */
  readonly heartbeatMs: number;
}

type ReportBody = { case: 'progress'; value: JobProgress } | { case: 'result'; value: JobResult };

/**
 * Streams one run's reports to the control plane as requests on the run's own subject. Each
 * report waits for its answer, so the backup is stored before the first write and the
 * control plane can answer "cancel". Reports go one at a time, in order, numbered: one resent
 * after a lost answer is recognised and not recorded twice.
 *
 * When nobody answers (the control plane gave the job up, restarted, or cannot be reached),
 * the run is aborted through `onLost`: the engine then stops and rolls back by itself.
 */
export class JobRunReporter {
  private sequence = 0;
  private calls: RouterCall[] = [];
  private chain: Promise<void> = Promise.resolve();
  private lastSentAt = Date.now();
  private readonly heartbeat: NodeJS.Timeout;
  private readonly subject: string;
  private closed = false;

  constructor(
    private readonly connection: NatsConnection,
    private readonly ids: { readonly agentId: string; readonly jobId: string; readonly runId: string },
    private readonly options: ReporterOptions,
    private readonly onCancel: (reason: string) => void,
    private readonly onLost: (reason: string) => void,
  ) {
    this.subject = agentJobRunSubject(ids.agentId, ids.runId);
    this.heartbeat = setInterval(() => {
      if (Date.now() - this.lastSentAt >= options.heartbeatMs) void this.progress({ step: '', percent: 0, message: 'running' }).catch(() => undefined);
    }, Math.max(50, Math.floor(options.heartbeatMs / 2)));
  }

  call(entry: RouterOsCallLogEntry): void {
    this.calls.push(create(RouterCallSchema, {
      method: entry.method,
      path: entry.path,
      requestBodyJson: entry.requestBody ? JSON.stringify(entry.requestBody) : '',
      status: entry.status ?? 0,
      durationMs: Math.round(entry.durationMs),
      errorCode: entry.error?.code ?? '',
      errorMessage: entry.error?.message ?? '',
    }));
  }

  step(event: DeploymentStepEvent): Promise<void> {
    const { progressPercent, ...step } = event;
    return this.progress({
      step: step.name,
      percent: progressPercent,
      message: step.detail,
      stepState: create(JobStepStateSchema, { name: step.name, status: step.status, startedAt: step.startedAt, finishedAt: step.finishedAt ?? '', detail: step.detail }),
    });
  }

  /** The first report: the job arrived (it may still wait behind another job for the same router). */
  accepted(): Promise<void> {
    return this.progress({ message: 'accepted' });
  }

  /** Rejects when the control plane did not confirm it stored the backup: nothing must be written then. */
  backup(backup: unknown): Promise<void> {
    return this.progress({ step: 'backup', percent: 0, message: 'backup taken', backupJson: JSON.stringify(backup) }, true);
  }

  /** The last report; the heartbeat stops with it. */
  async result(result: { ok: boolean; error: string; errorCode: string; resultJson: string }): Promise<void> {
    this.stopHeartbeat();
    await this.send({ case: 'result', value: create(JobResultSchema, { ...result, finishedAtMs: BigInt(Date.now()) }) }, false);
  }

  stopHeartbeat(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
  }

  private progress(fields: Partial<Pick<JobProgress, 'step' | 'percent' | 'message' | 'stepState' | 'backupJson'>>, mustArrive = false): Promise<void> {
    if (this.closed) return Promise.resolve();
    return this.send({ case: 'progress', value: create(JobProgressSchema, { ...fields, atMs: BigInt(Date.now()) }) }, mustArrive);
  }

  private send(body: ReportBody, mustArrive: boolean): Promise<void> {
    const sent = this.chain.then(() => this.deliver(body));
    this.chain = sent.catch(() => undefined);
    // Progress may be lost without harm (the result carries everything that matters); the
    // backup and the result may not.
    return mustArrive || body.case === 'result' ? sent : sent.catch(() => undefined);
  }

  private async deliver(body: ReportBody): Promise<void> {
    const calls = this.calls;
    this.calls = [];
    const report = create(JobReportSchema, { agentId: this.ids.agentId, jobId: this.ids.jobId, runId: this.ids.runId, sequence: ++this.sequence, calls, report: body });
    const data = toBinary(JobReportSchema, report);
    this.lastSentAt = Date.now();
    let lastError = '';
    for (let attempt = 1; attempt <= this.options.attempts; attempt++) {
      let answer: Uint8Array;
      try {
        answer = (await this.connection.request(this.subject, data, { timeout: this.options.answerTimeoutMs })).data;
      } catch (error) {
        lastError = (error as Error).message;
        // "No responders": nobody listens for this run any more; retrying cannot help.
        if ((error as { name?: string }).name === 'NoRespondersError' || /no responders/i.test(lastError)) break;
        continue;
      }
      const ack = fromBinary(JobReportAckSchema, answer);
      if (!ack.accepted) {
        const reason = ack.reason || 'The control plane no longer waits for this job.';
        this.onLost(reason);
        throw new Error(reason);
      }
      if (ack.cancel) this.onCancel(ack.reason || 'The job was cancelled.');
      return;
    }
    const reason = `The control plane did not answer this job's reports (${lastError}); stopping it.`;
    this.onLost(reason);
    throw new Error(reason);
  }
}
