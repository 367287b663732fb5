import * as nodeCrypto from 'node:crypto';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { Msg, NatsConnection } from '@nats-io/transport-node';
import {
  agentJobRunSubject,
  agentSubjects,
  isOwnReply,
  JobCancelSchema,
  JobDispatchSchema,
  JobReportAckSchema,
  JobReportSchema,
  routerJobPayloadJson,
  routerJobTypeToWire,
  sealSecret,
  type JobReport,
  type RouterCall,
  type RouterJobPayload,
  type RouterJobType,
} from '@wom/contracts';
import type { JobExecutionContext, RouterCallRecord } from '../../jobs/runner/job-executor';
import { STOP_CODES, stopReason } from '../../jobs/runner/job-stop';

/** How a run ended, as the agent said (or as its silence said). */
export interface AgentRunAnswer {
  /** The engine ran to its end on the agent; `result` is its own result. */
  readonly ok: boolean;
  readonly error: string;
  /** Why it stopped or failed, as a code (`JOB.CANCELLED`, `AGENT.STOPPING`, `AGENT.SILENT`, the engine's code…); '' when it did not. */
  readonly errorCode: string;
  readonly result: Record<string, unknown> | null;
  /** The agent sent a backup, so it may have written to the router after it. */
  readonly backupStored: boolean;
}

export interface AgentRunRequest {
  /** Publishes the dispatch and cancellations. */
  readonly connection: NatsConnection;
  /** Receives and answers the agent's reports: it may publish into inboxes only. */
  readonly responder: NatsConnection;
  readonly agentId: string;
  /** The agent's own X25519 key the router password is sealed to. */
  readonly sealingPublicKey: string;
  readonly jobId: string;
  readonly peerId: string;
  readonly type: RouterJobType;
  readonly payload: RouterJobPayload;
  readonly context: JobExecutionContext;
  /** No report for this long fails the run: the job's lease. */
  readonly silenceMs: number;
}

const REDISPATCH_MS = 1_000;
const WATCH_MS = 250;

/**
 * One dispatch of a job to a site agent and the conversation that follows, on subjects only
 * this run uses. Every report the agent sends is a request: it is recorded in the job first
 * (steps, progress, call log, and the backup before the agent writes anything), then answered,
 * and the answer carries a cancellation. Silence longer than `silenceMs` ends the run.
 *
 * The router password goes into the dispatch sealed to the agent's key for this run, and the
 * payload's JSON is written without it: no NATS server or connection ever holds it in clear.
 */
export function runOnAgent(request: AgentRunRequest): Promise<AgentRunAnswer> {
  const { connection, responder, agentId, jobId, context } = request;
  const runId = nodeCrypto.randomUUID();
  let sealedPassword: Uint8Array;
  try {
    // Sealed once per run: every redispatch of the run carries the same bytes.
    sealedPassword = sealSecret(nodeCrypto, request.sealingPublicKey, { agentId, runId }, request.payload.connection.password);
  } catch (error) {
    return Promise.resolve({ ok: false, error: `The router password could not be sealed to site agent ${agentId}: ${(error as Error).message}`, errorCode: (error as { code?: string }).code ?? 'SEALED_SECRET.INVALID_KEY', result: null, backupStored: false });
  }
  const payloadJson = routerJobPayloadJson(request.payload);
  const subjects = agentSubjects(agentId);
  let lastSequence = 0;
  let heardAt: number | null = null;
  let backupStored = false;
  const startedAt = Date.now();
  let chain: Promise<void> = Promise.resolve();

  return new Promise<AgentRunAnswer>((resolve) => {
    let finished = false;
    const timers: NodeJS.Timeout[] = [];
    const finish = (ended: Omit<AgentRunAnswer, 'backupStored'>): void => {
      if (finished) return;
      finished = true;
      const answer: AgentRunAnswer = { ...ended, backupStored };
      timers.forEach(clearInterval);
      context.signal.removeEventListener('abort', forwardCancel);
      // From now on the agent's reports find no listener, which tells it to stop and roll back.
      subscription.unsubscribe();
      resolve(answer);
    };
    const cancelReason = (): string => (context.signal.reason instanceof Error ? context.signal.reason.message : 'The job was cancelled.');
    const answer = (message: Msg, accepted: boolean, reason = ''): void => {
      const cancel = context.signal.aborted;
      message.respond(toBinary(JobReportAckSchema, create(JobReportAckSchema, { accepted, cancel, reason: reason || (cancel ? cancelReason() : '') })));
    };

    const subscription = responder.subscribe(agentJobRunSubject(agentId, runId), {
      callback: (error, message) => {
        if (error !== null || finished) return;
        // Answered only into the agent's own inbox; anything else is not a report of this run.
        if (!isOwnReply(agentId, message.reply)) return;
        // One report at a time, in arrival order: the agent sends the next only after this answer.
        chain = chain.then(() => handle(message)).catch(() => undefined);
      },
    });

    const handle = async (message: Msg): Promise<void> => {
      if (finished) return;
      let report: JobReport;
      try {
        report = fromBinary(JobReportSchema, message.data);
      } catch {
        return answer(message, true);
      }
      const firstReport = heardAt === null;
      heardAt = Date.now();
      // A report resent after its answer was lost: recorded already.
      if (report.sequence <= lastSequence) return answer(message, true);
      lastSequence = report.sequence;
      try {
        if (firstReport) {
          const detail = `Taken up by site agent ${agentId}`;
          await context.progress({ step: { name: 'dispatch', status: 'succeeded', startedAt: new Date(startedAt).toISOString(), finishedAt: new Date(heardAt).toISOString(), detail } });
        }
        for (const call of report.calls) context.recordCall(callRecord(call));
        if (report.report.case === 'progress') {
          const progress = report.report.value;
          if (progress.backupJson) {
            await context.saveBackup(JSON.parse(progress.backupJson) as Record<string, unknown>);
            backupStored = true;
          }
          const state = progress.stepState;
          if (state) {
            await context.progress({
              percent: progress.percent,
              step: { name: state.name, status: stepStatus(state.status), startedAt: state.startedAt, finishedAt: state.finishedAt || null, detail: state.detail.slice(0, 2_000) },
            });
          } else if (report.calls.length > 0) {
            await context.progress({});
          }
          answer(message, true);
        } else if (report.report.case === 'result') {
          const result = report.report.value;
          answer(message, true);
          finish({ ok: result.ok, error: result.error.slice(0, 2_000), errorCode: result.errorCode.slice(0, 64), result: result.ok ? parseObject(result.resultJson) : null });
        } else {
          answer(message, true);
        }
      } catch (error) {
        // Not recorded (e.g. the backup could not be stored): the agent must not carry on.
        const reason = `The control plane could not record the job's progress: ${(error as Error).message}`;
        answer(message, false, reason);
        finish({ ok: false, error: reason, errorCode: 'JOB.RECORD_FAILED', result: null });
      }
    };

    const dispatch = (): void => {
      const body = create(JobDispatchSchema, {
        jobId,
        runId,
        agentId,
        jobType: routerJobTypeToWire(request.type),
        targetPeerId: request.peerId,
        payloadJson,
        sealedPassword,
        dispatchedAtMs: BigInt(Date.now()),
        heartbeatMs: Math.max(200, Math.floor(request.silenceMs / 4)),
      });
      connection.publish(subjects.jobDispatch, toBinary(JobDispatchSchema, body));
    };
    const forwardCancel = (): void => {
      connection.publish(subjects.jobCancel, toBinary(JobCancelSchema, create(JobCancelSchema, { jobId, runId, reason: cancelReason() })));
    };
    context.signal.addEventListener('abort', forwardCancel);

    // Sent again until the agent's first report: a dispatch published while the agent was
    // reconnecting is lost, and the agent runs each run id only once.
    dispatch();
    timers.push(
      setInterval(() => {
        if (heardAt === null && !context.signal.aborted) dispatch();
      }, REDISPATCH_MS),
      setInterval(() => {
        const silentFor = Date.now() - (heardAt ?? startedAt);
        if (silentFor <= request.silenceMs) return;
        const seconds = Math.round(silentFor / 1000);
        if (heardAt === null) {
          if (context.signal.aborted) finish({ ok: false, error: `${cancelReason()} The agent never took the job up, so the router was not touched.`, errorCode: stopReason(context.signal).code, result: null });
          else finish({ ok: false, error: `Site agent ${agentId} did not take the job up within ${seconds} s: it is offline or not connected to NATS. The router was not touched.`, errorCode: STOP_CODES.agentNotTakenUp, result: null });
        } else {
          finish({ ok: false, error: `Site agent ${agentId} went silent for ${seconds} s during the job (offline, or it lost NATS).`, errorCode: STOP_CODES.agentSilent, result: null });
        }
      }, WATCH_MS),
    );
    if (context.signal.aborted) forwardCancel();
  });
}

function callRecord(call: RouterCall): RouterCallRecord {
  return {
    method: call.method.slice(0, 10),
    path: call.path.slice(0, 2_000),
    ...(call.requestBodyJson ? { requestBody: parseObject(call.requestBodyJson) ?? {} } : {}),
    status: call.status === 0 ? null : call.status,
    durationMs: call.durationMs,
    ...(call.errorCode ? { error: { code: call.errorCode.slice(0, 64), message: call.errorMessage.slice(0, 2_000) } } : {}),
  };
}

const STEP_STATUSES = ['running', 'succeeded', 'failed', 'skipped', 'cancelled'] as const;
function stepStatus(status: string): (typeof STEP_STATUSES)[number] {
  return (STEP_STATUSES as readonly string[]).includes(status) ? (status as (typeof STEP_STATUSES)[number]) : 'failed';
}

function parseObject(json: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(json);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
