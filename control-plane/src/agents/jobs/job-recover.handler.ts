import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { Msg, NatsConnection, Subscription } from '@nats-io/transport-node';
import { ALL_AGENTS, backupDigest, isOwnReply, JobRecoverAnswerSchema, JobRecoverRequestSchema, parseAgentSubject, RecoveryPlanSchema, type RecoveryPlan, type UnfinishedRun } from '@wom/contracts';
import { isUUID } from 'class-validator';
import { Database } from '../../database/database';
import { DeploymentJobEntity, PeerEntity } from '../../database/entities';
import { NatsClient } from '../../nats/nats-client';
import { ReplyRefusals } from '../../nats/reply-refusals';
import { ROLLBACK_PENDING, RouterRecoveryService } from './router-recovery.service';

/** Replicas share the requests; each is answered once. */
const QUEUE_GROUP = 'wom-job-recover';
/** A restarted agent reports at most this many cut-off runs at once. */
const MAX_RUNS = 100;

/**
 * Answers a restarted agent's `job.recover` request: for each run its journal says a crash cut
 * off, checks that the run's job is one of this agent's routers and that the backup it took is
 * the one stored here (by digest), and queues the restore. A run that does not check out (an
 * unknown job, a router not assigned to this agent, another backup: a replayed or forged
 * report) is refused and logged, and the agent forgets it; nothing is written to any router.
 */
@Injectable()
export class JobRecoverHandler implements OnApplicationBootstrap {
  private readonly logger = new Logger('JobRecover');
  private readonly refusals = new ReplyRefusals(this.logger);
  private subscription: Subscription | null = null;

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(NatsClient) private readonly nats: NatsClient,
    @Inject(RouterRecoveryService) private readonly recovery: RouterRecoveryService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.nats.enabled) return;
    this.nats.onConnected('job recovery', async (connection) => this.serve(this.nats.responder ?? connection));
  }

  private serve(connection: NatsConnection): void {
    this.subscription?.unsubscribe();
    this.subscription = connection.subscribe(ALL_AGENTS.jobRecover, {
      queue: QUEUE_GROUP,
      callback: (error, msg) => {
        if (!error) void this.answer(msg).catch((failure: Error) => this.logger.warn(`answering ${msg.subject} failed: ${failure.message}`));
      },
    });
  }

  private async answer(msg: Msg): Promise<void> {
    const agentId = parseAgentSubject(msg.subject)?.agentId;
    if (!agentId) return;
    if (!isOwnReply(agentId, msg.reply)) return this.refusals.note(agentId, msg.reply);
    let runs: readonly UnfinishedRun[];
    try {
      runs = fromBinary(JobRecoverRequestSchema, msg.data).runs.slice(0, MAX_RUNS);
    } catch {
      this.logger.warn(`agent ${agentId} sent an unreadable recovery request`);
      return;
    }
    const plans: RecoveryPlan[] = [];
    for (const run of runs) plans.push(await this.plan(agentId, run));
    const toQueue = plans.filter((plan) => plan.reason === QUEUE);
    if (toQueue.length > 0) {
      const jobIds = toQueue.map((plan) => runs.find((run) => run.runId === plan.runId)!.jobId);
      const queued = await this.recovery.queueFor(agentId, jobIds);
      for (const plan of toQueue) {
        const jobId = runs.find((run) => run.runId === plan.runId)!.jobId;
        const restore = queued.find((entry) => entry.jobId === jobId);
        plan.recoveryJobId = restore?.recoveryJobId ?? '';
        plan.reason = restore ? `restoring the backup of job ${jobId} with rollback job ${restore.recoveryJobId}` : `job ${jobId} no longer waits for a restore`;
      }
    }
    msg.respond(toBinary(JobRecoverAnswerSchema, create(JobRecoverAnswerSchema, { runs: plans })));
  }

  /** What to do for one reported run; QUEUE marks the runs whose restore is queued afterwards. */
  private async plan(agentId: string, run: UnfinishedRun): Promise<RecoveryPlan> {
    const plan = (reason: string, retry = false): RecoveryPlan => create(RecoveryPlanSchema, { runId: run.runId, reason, retry });
    if (!isUUID(run.jobId) || !isUUID(run.targetPeerId)) return plan('not a job of this control plane');
    const job = await this.database.manager.findOneBy(DeploymentJobEntity, { id: run.jobId });
    const peer = job ? await this.database.manager.findOne(PeerEntity, { where: { id: job.peerId }, select: { id: true, mikrotikExecutorAgentId: true } }) : null;
    if (!job || !peer) return plan('the job no longer exists; nothing to restore');
    if (peer.id !== run.targetPeerId || peer.mikrotikExecutorAgentId !== agentId) {
      this.logger.warn(`agent ${agentId} reported a cut-off run of job ${job.id}, whose router is not assigned to it; refused`);
      return plan('the job\'s router is not assigned to this agent; refused');
    }
    if (job.backup === null || backupDigest(job.backup) !== run.backupDigest) {
      this.logger.warn(`agent ${agentId} reported a cut-off run of job ${job.id} with another backup than the one stored; refused`);
      return plan('the backup this run took is not the one stored for the job; refused');
    }
    if (job.status === 'running' || job.status === 'pending' || job.status === 'cancelling') return plan('the job is still ending', true);
    if (job.status === 'failed' && job.result?.[ROLLBACK_PENDING] === true) return plan(QUEUE);
    return plan('nothing to restore: the job ended without leaving the router partly configured');
  }
}

const QUEUE = 'queue';
