import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { NatsConnection } from '@nats-io/transport-node';
import { agentJobRunSubject, agentSubjects, JOB_STOP_CODES, JobRecoverAnswerSchema, JobRecoverRequestSchema, JobReportSchema, JobResultSchema, UnfinishedRunSchema } from '@wom/contracts';
import type { JournalEntry, RunJournal } from './run-journal';

/** Past any sequence number a real run sends, so the control plane never takes it for a resent report. */
const FINAL_SEQUENCE = 2 ** 31;
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 5_000;
const ANSWER_TIMEOUT_MS = 5_000;

/** What the worker learns about one router with a cut-off run. */
export interface RouterHold {
  readonly targetPeerId: string;
  /** The cut-off run, whose journal entry ends once the router is restored. */
  readonly runId: string;
  /** Resolves with the rollback job that restores the router, or null when there is nothing to restore. */
  readonly restoreJobId: Promise<string | null>;
}

/**
 * At the agent's start: every run its journal says a crash cut off is reported, first as the
 * run's own last report (so a control plane still waiting for it ends the job now, not after
 * the lease), then in a `job.recover` request, asked again until the control plane answers for
 * every run. The worker holds each such router's jobs until its restore has run.
 */
export class RunRecovery {
  constructor(
    private readonly connection: NatsConnection,
    private readonly agentId: string,
    private readonly journal: RunJournal,
    private readonly log: (line: string) => void,
    private readonly wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()),
  ) {}

  /** The routers to hold, at once; each hold settles when the control plane has answered for it. */
  async start(): Promise<RouterHold[]> {
    const entries = await this.journal.unfinished();
    if (entries.length === 0) return [];
    this.log(`jobs: ${entries.length} router job run(s) were cut off by the last stop; asking the control plane to restore their routers`);
    const answers = new Map<string, { resolve: (jobId: string | null) => void; promise: Promise<string | null> }>();
    for (const entry of entries) {
      let resolve!: (jobId: string | null) => void;
      const promise = new Promise<string | null>((done) => (resolve = done));
      answers.set(entry.runId, { resolve, promise });
    }
    void this.conversation(entries, answers);
    return entries.map((entry) => ({ targetPeerId: entry.targetPeerId, runId: entry.runId, restoreJobId: answers.get(entry.runId)!.promise }));
  }

  private async conversation(entries: readonly JournalEntry[], answers: Map<string, { resolve: (jobId: string | null) => void }>): Promise<void> {
    await Promise.all(entries.map((entry) => this.finalReport(entry)));
    let open = [...entries];
    for (let delay = FIRST_RETRY_MS; open.length > 0; delay = Math.min(MAX_RETRY_MS, delay * 2)) {
      const plans = await this.ask(open);
      if (plans !== null) {
        const next: JournalEntry[] = [];
        for (const entry of open) {
          const plan = plans.find((candidate) => candidate.runId === entry.runId);
          if (plan === undefined || plan.retry) {
            next.push(entry);
            continue;
          }
          this.log(`jobs: run ${entry.runId} of job ${entry.jobId}: ${plan.reason}`);
          // Nothing to restore: the control plane holds the truth about this job now.
          if (!plan.recoveryJobId) await this.journal.end(entry.runId);
          answers.get(entry.runId)!.resolve(plan.recoveryJobId || null);
        }
        open = next;
      }
      if (open.length > 0) await this.wait(delay);
    }
  }

  /** The run's last report, on its own subject: nobody may listen any more, which is fine. */
  private async finalReport(entry: JournalEntry): Promise<void> {
    const result = create(JobResultSchema, {
      ok: false,
      errorCode: JOB_STOP_CODES.agentRestarted,
      error: `Site agent ${this.agentId} was cut off during the job (stopped without a shutdown, or crashed) after it had reached step "${entry.step}", and found the run when it started again. The router may be partly configured.`,
      finishedAtMs: BigInt(Date.now()),
    });
    const report = create(JobReportSchema, { agentId: this.agentId, jobId: entry.jobId, runId: entry.runId, sequence: FINAL_SEQUENCE, report: { case: 'result', value: result } });
    await this.connection.request(agentJobRunSubject(this.agentId, entry.runId), toBinary(JobReportSchema, report), { timeout: ANSWER_TIMEOUT_MS }).catch(() => undefined);
  }

  private async ask(entries: readonly JournalEntry[]): Promise<{ runId: string; recoveryJobId: string; reason: string; retry: boolean }[] | null> {
    const request = create(JobRecoverRequestSchema, {
      agentId: this.agentId,
      runs: entries.map((entry) => create(UnfinishedRunSchema, { runId: entry.runId, jobId: entry.jobId, targetPeerId: entry.targetPeerId, backupDigest: entry.backupDigest, step: entry.step, startedAtMs: BigInt(entry.startedAtMs) })),
    });
    try {
      const reply = await this.connection.request(agentSubjects(this.agentId).jobRecover, toBinary(JobRecoverRequestSchema, request), { timeout: ANSWER_TIMEOUT_MS });
      return fromBinary(JobRecoverAnswerSchema, reply.data).runs;
    } catch (error) {
      this.log(`jobs: the control plane did not answer the recovery request yet (${(error as Error).message}); asking again`);
      return null;
    }
  }
}
