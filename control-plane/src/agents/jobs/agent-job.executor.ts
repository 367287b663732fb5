import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { RouterJobPayload, RouterJobType } from '@wom/contracts';
import type { ConnectionTestResult, DeploymentResult, DriftReport, ReconcileResult, RollbackReport } from '@wom/routeros';
import { AppError } from '../../common/errors/app-error';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Database } from '../../database/database';
import { DeploymentJobEntity, PeerEntity } from '../../database/entities';
import { AgentEntity } from '../../database/entities/agent.entity';
import { JobExecutorRegistry, type JobExecutionContext, type JobOutcome, type RoutedJobExecutor } from '../../jobs/runner/job-executor';
import { DesiredConfigSource } from '../../mikrotik/desired-config.source';
import { abandonedOutcome, clientOptions, MikrotikJobExecutor, rollbackOutcome, undeployConfig, WRITING_JOB_TYPES } from '../../mikrotik/mikrotik-job.executor';
import { RouterClientFactory } from '../../mikrotik/router-client.factory';
import { RouterRecords } from '../../mikrotik/router-records';
import { NatsClient } from '../../nats/nats-client';
import { STOP_CODES, stopReason } from '../../jobs/runner/job-stop';
import { runOnAgent, type AgentRunAnswer } from './agent-job.run';
import { ROLLBACK_PENDING, RouterRecoveryService } from './router-recovery.service';

type Job = DeploymentJobEntity;
const failed = (errorMessage: string, result: Record<string, unknown> | null = null, errorCode = 'JOB.FAILED'): JobOutcome => ({ status: 'failed', errorMessage, errorCode, result });

/**
 * Runs the jobs of routers assigned to a site agent on that agent, over NATS. The agent runs
 * the same engine against the router and returns the engine's result; this class turns it into
 * the job's outcome and the peer's records with the built-in executor's own code, so a job
 * ends the same way wherever it ran. Steps, progress, the backup and the call log arrive while
 * it runs and go through the runner like any job's.
 */
@Injectable()
export class AgentJobExecutor implements RoutedJobExecutor, OnModuleInit {
  private readonly logger = new Logger('AgentJobs');
  readonly jobTypes = ['deploy-config', 'rollback', 'verify', 'test-connection', 'drift-check', 'reconcile', 'undeploy'] as const;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JobExecutorRegistry) private readonly registry: JobExecutorRegistry,
    @Inject(Database) private readonly database: Database,
    @Inject(NatsClient) private readonly nats: NatsClient,
    @Inject(RouterClientFactory) private readonly clients: RouterClientFactory,
    @Inject(DesiredConfigSource) private readonly desired: DesiredConfigSource,
    @Inject(RouterRecords) private readonly records: RouterRecords,
    @Inject(MikrotikJobExecutor) private readonly builtIn: MikrotikJobExecutor,
    @Inject(RouterRecoveryService) private readonly recovery: RouterRecoveryService,
  ) {}

  onModuleInit(): void {
    this.registry.registerRouted(this);
  }

  async takes(job: Job): Promise<boolean> {
    const peer = await this.database.manager.findOne(PeerEntity, { where: { id: job.peerId }, select: { id: true, mikrotikExecutorAgentId: true } });
    return Boolean(peer?.mikrotikExecutorAgentId);
  }

  async execute(job: Job, context: JobExecutionContext): Promise<JobOutcome> {
    const target = await this.target(job);
    if ('outcome' in target) return target.outcome;
    const { peer, agentId, sealingPublicKey } = target;
    // An undeploy is the engine's deployment of "nothing of this peer": on the wire, a deploy-config.
    const type: RouterJobType = job.jobType === 'undeploy' ? 'deploy-config' : (job.jobType as RouterJobType);
    let payload: RouterJobPayload;
    let fromJobId: string | null = null;
    let desiredHash: string | null = null;
    try {
      const connection = this.clients.connectionSettings(peer, clientOptions(job));
      if (type === 'rollback') {
        const requested = typeof job.parameters['fromJobId'] === 'string' ? job.parameters['fromJobId'] : null;
        const source = await this.records.backupSource(job.peerId, requested);
        if (!source?.backup) return failed(requested ? `Deployment ${requested} has no stored backup to restore.` : 'No earlier deployment of this router has a stored backup to restore.');
        fromJobId = source.id;
        payload = { connection, desired: null, backup: source.backup, reconcile: null };
      } else {
        const desired = type === 'test-connection' ? null : job.jobType === 'undeploy' ? undeployConfig(peer.id) : await this.desired.forPeer(peer.wanId, peer.id);
        desiredHash = desired && 'contentHash' in desired ? desired.contentHash : null;
        const options = job.parameters;
        const reconcile = type === 'reconcile' ? { reconcileMissing: options['reconcileMissing'] !== false, reconcileMismatched: options['reconcileMismatched'] !== false, removeUnknown: options['removeUnknown'] === true } : null;
        payload = { connection, desired, backup: null, reconcile };
      }
    } catch (error) {
      if (error instanceof AppError) return failed(error.message, { fields: error.details.fields ?? [] });
      throw error;
    }
    const answer = await this.run(job, { agentId, sealingPublicKey }, type, payload, context);
    const outcome = !answer.ok || !answer.result ? this.agentFailure(job, agentId, answer) : await this.outcome(job, peer, answer, context, { desiredHash, fromJobId });
    if (type === 'rollback') await this.recovery.completed(job, outcome).catch((error: Error) => this.logger.warn(`recording the restore of job ${job.id} failed: ${error.message}`));
    return outcome;
  }

  /**
   * The control plane stopped while the agent ran the job (or rolled back a user's cancel of
   * it). Jobs that only read end without touching the router (the built-in executor says so);
   * a deployment with a stored backup is rolled back from it, on the agent, as the built-in
   * executor does it locally, and ends as `abandonedOutcome` says.
   */
  async recoverAbandoned(job: Job, context: JobExecutionContext): Promise<JobOutcome> {
    if (!WRITING_JOB_TYPES.has(job.jobType) || job.backup === null) return this.builtIn.recoverAbandoned(job, context);
    const target = await this.target(job);
    if ('outcome' in target) return abandonedOutcome(job, `${target.outcome.errorMessage ?? ''} Nothing was rolled back.`);
    let connection;
    try {
      connection = this.clients.connectionSettings(target.peer);
    } catch (error) {
      if (error instanceof AppError) return abandonedOutcome(job, error.message);
      throw error;
    }
    const answer = await this.run(job, target, 'rollback', { connection, desired: null, backup: job.backup, reconcile: null }, context);
    const report = answer.result as RollbackReport | null;
    const result = { recovered: true, rollback: report };
    if (!answer.ok || !report) return abandonedOutcome(job, `Rolling its changes back on the agent failed too: ${answer.error}`, result);
    return abandonedOutcome(job, report.outcome === 'restored' ? 'Its changes were rolled back from the backup taken before it.' : `Rolling its changes back failed too: ${report.reason}`, result);
  }

  /** The router and its agent, or the outcome that says why the job cannot go to the agent. */
  private async target(job: Job): Promise<{ peer: PeerEntity; agentId: string; sealingPublicKey: string } | { outcome: JobOutcome }> {
    const peer = await this.database.manager.findOneBy(PeerEntity, { id: job.peerId });
    if (!peer || peer.type !== 'mikrotik') return { outcome: failed('The peer no longer exists or is no longer a MikroTik router.') };
    const agentId = peer.mikrotikExecutorAgentId;
    if (!agentId) return { outcome: failed('The router is no longer assigned to a site agent; run the job again.') };
    const agent = await this.database.manager.findOneBy(AgentEntity, { id: agentId });
    if (!agent || agent.status !== 'active') {
      return { outcome: failed(`The site agent ${agentId} assigned to router "${peer.name}" is ${agent ? agent.status : 'gone'}; assign another agent (POST /api/peers/${peer.id}/mikrotik/executor) or clear the assignment.`) };
    }
    // The password goes to the agent sealed to its own key, or not at all: never in clear.
    if (!agent.sealingPublicKey) {
      return {
        outcome: failed(
          `Site agent ${agentId} has no key to seal the router password to: it enrolled before router passwords were sealed end to end. Upgrade it and enroll it again (install --uninstall --purge, then a new install command), or assign router "${peer.name}" to another agent. Nothing was sent to it.`,
        ),
      };
    }
    if (!this.nats.current) return { outcome: failed(`NATS is not connected, so the job cannot reach site agent ${agentId}; it will work once NATS is back.`) };
    return { peer, agentId, sealingPublicKey: agent.sealingPublicKey };
  }

  private run(job: Job, { agentId, sealingPublicKey }: { agentId: string; sealingPublicKey: string }, type: RouterJobType, payload: RouterJobPayload, context: JobExecutionContext): Promise<AgentRunAnswer> {
    const connection = this.nats.current;
    const responder = this.nats.responder;
    if (!connection || !responder) return Promise.resolve({ ok: false, error: `NATS is not connected, so the job cannot reach site agent ${agentId}.`, errorCode: 'NATS.UNAVAILABLE', result: null, backupStored: false });
    this.logger.log(`job ${job.id} (${type}) dispatched to site agent ${agentId}`);
    return runOnAgent({ connection, responder, agentId, sealingPublicKey, jobId: job.id, peerId: job.peerId, type, payload, context, silenceMs: this.config.jobs.leaseSeconds * 1000 });
  }

  /**
   * The agent did not bring the job to an end with the engine's result. Each way has its own
   * code. A deployment cut off after its backup reached us (the agent was killed, crashed or
   * fell silent) may have left the router half-way: the job says so, and a restore of that
   * backup is queued as soon as the agent is back: when it reports the cut-off run at its next
   * start (asking again until this end is recorded), or when it comes back online.
   */
  private agentFailure(job: Job, agentId: string, answer: AgentRunAnswer): JobOutcome {
    const code = answer.errorCode || 'AGENT.JOB_FAILED';
    // A job cancelled before the agent started it ends cancelled, as a queued job does.
    if (code === STOP_CODES.cancelled) return { status: 'cancelled', errorMessage: answer.error, errorCode: code, result: null };
    const cutOff = code === STOP_CODES.agentSilent || code === STOP_CODES.agentRestarted;
    if (!cutOff || !answer.backupStored || !WRITING_JOB_TYPES.has(job.jobType)) {
      return { status: 'failed', errorMessage: answer.error || 'The job failed on the site agent.', errorCode: code, result: null };
    }
    const pending = code === STOP_CODES.agentRestarted
      ? ' Rollback pending: the agent is back, and restores the backup taken before this job before it runs anything else for this router.'
      : ' Rollback pending: the router may be partly configured; the backup taken before this job is restored as soon as the agent is back.';
    return { status: 'failed', errorMessage: `${answer.error}${pending}`, errorCode: code, result: { [ROLLBACK_PENDING]: true, agentId } };
  }

  /** The engine's result from the agent, mapped exactly as the built-in executor maps its own. */
  private async outcome(job: Job, peer: PeerEntity, answer: AgentRunAnswer, context: JobExecutionContext, extra: { desiredHash: string | null; fromJobId: string | null }): Promise<JobOutcome> {
    const result = answer.result ?? {};
    // An engine run the agent stopped says who stopped it (a user's cancel, the agent stopping), with the agent's words.
    const stop = answer.errorCode ? { code: answer.errorCode, message: answer.error } : stopReason(context.signal);
    switch (job.jobType) {
      case 'deploy-config':
        return this.builtIn.deploymentOutcome(peer, result as unknown as DeploymentResult, context, { desiredHash: extra.desiredHash, force: job.parameters['force'] === true }, stop);
      case 'undeploy':
        return this.builtIn.deploymentOutcome(peer, result as unknown as DeploymentResult, context, { undeploy: true }, stop);
      case 'reconcile': {
        const outcome = result as unknown as ReconcileResult & { driftAfter: DriftReport | null };
        const mapped = await this.builtIn.deploymentOutcome(peer, outcome.deployment, context, { desiredHash: extra.desiredHash, driftBefore: outcome.before }, stop);
        if (outcome.driftAfter) await this.records.saveDriftReport(peer, outcome.driftAfter);
        return mapped;
      }
      case 'verify':
      case 'drift-check':
        return this.builtIn.driftOutcome(job, peer, result as unknown as DriftReport, extra.desiredHash ?? '');
      case 'test-connection':
        return this.builtIn.connectionTestOutcome(peer, result as unknown as ConnectionTestResult);
      case 'rollback':
        return rollbackOutcome(extra.fromJobId ?? '', result as unknown as RollbackReport);
      default:
        return failed(`Site agents do not run ${job.jobType} jobs.`);
    }
  }
}
