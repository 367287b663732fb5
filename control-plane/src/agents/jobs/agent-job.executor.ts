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
import { clientOptions, MikrotikJobExecutor, rollbackOutcome } from '../../mikrotik/mikrotik-job.executor';
import { RouterClientFactory } from '../../mikrotik/router-client.factory';
import { RouterRecords } from '../../mikrotik/router-records';
import { NatsClient } from '../../nats/nats-client';
import { runOnAgent, type AgentRunAnswer } from './agent-job.run';

type Job = DeploymentJobEntity;
const failed = (errorMessage: string, result: Record<string, unknown> | null = null): JobOutcome => ({ status: 'failed', errorMessage, result });

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
  readonly jobTypes = ['deploy-config', 'rollback', 'verify', 'test-connection', 'drift-check', 'reconcile'] as const;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JobExecutorRegistry) private readonly registry: JobExecutorRegistry,
    @Inject(Database) private readonly database: Database,
    @Inject(NatsClient) private readonly nats: NatsClient,
    @Inject(RouterClientFactory) private readonly clients: RouterClientFactory,
    @Inject(DesiredConfigSource) private readonly desired: DesiredConfigSource,
    @Inject(RouterRecords) private readonly records: RouterRecords,
    @Inject(MikrotikJobExecutor) private readonly builtIn: MikrotikJobExecutor,
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
    const { peer, agentId } = target;
    const type = job.jobType as RouterJobType;
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
        const desired = type === 'test-connection' ? null : await this.desired.forPeer(peer.wanId, peer.id);
        desiredHash = desired?.contentHash ?? null;
        const options = job.parameters;
        const reconcile = type === 'reconcile' ? { reconcileMissing: options['reconcileMissing'] !== false, reconcileMismatched: options['reconcileMismatched'] !== false, removeUnknown: options['removeUnknown'] === true } : null;
        payload = { connection, desired, backup: null, reconcile };
      }
    } catch (error) {
      if (error instanceof AppError) return failed(error.message, { fields: error.details.fields ?? [] });
      throw error;
    }
    const answer = await this.run(job, agentId, type, payload, context);
    if (!answer.ok || !answer.result) return this.agentFailure(answer, context);
    return this.outcome(job, peer, answer.result, context, { desiredHash, fromJobId });
  }

  /**
   * The control plane stopped while the agent ran the job. Jobs that only read end failed (the
   * built-in executor says so without touching the router); a deployment with a stored backup
   * is rolled back from it, on the agent, as the built-in executor does it locally.
   */
  async recoverAbandoned(job: Job, context: JobExecutionContext): Promise<JobOutcome> {
    if ((job.jobType !== 'deploy-config' && job.jobType !== 'reconcile') || job.backup === null) return this.builtIn.recoverAbandoned(job, context);
    const interrupted = 'The control plane stopped while this job was running.';
    const target = await this.target(job);
    if ('outcome' in target) return failed(`${interrupted} ${target.outcome.errorMessage ?? ''} Nothing was rolled back.`.trim());
    let connection;
    try {
      connection = this.clients.connectionSettings(target.peer);
    } catch (error) {
      if (error instanceof AppError) return failed(`${interrupted} ${error.message}`);
      throw error;
    }
    const answer = await this.run(job, target.agentId, 'rollback', { connection, desired: null, backup: job.backup, reconcile: null }, context);
    const report = answer.result as RollbackReport | null;
    const result = { recovered: true, rollback: report };
    if (!answer.ok || !report) return failed(`${interrupted} Rolling its changes back on the agent failed too: ${answer.error}`, result);
    return report.outcome === 'restored'
      ? failed(`${interrupted} Its changes were rolled back from the backup taken before it.`, result)
      : failed(`${interrupted} Rolling its changes back failed too: ${report.reason}`, result);
  }

  /** The router and its agent, or the outcome that says why the job cannot go to the agent. */
  private async target(job: Job): Promise<{ peer: PeerEntity; agentId: string } | { outcome: JobOutcome }> {
    const peer = await this.database.manager.findOneBy(PeerEntity, { id: job.peerId });
    if (!peer || peer.type !== 'mikrotik') return { outcome: failed('The peer no longer exists or is no longer a MikroTik router.') };
    const agentId = peer.mikrotikExecutorAgentId;
    if (!agentId) return { outcome: failed('The router is no longer assigned to a site agent; run the job again.') };
    const agent = await this.database.manager.findOneBy(AgentEntity, { id: agentId });
    if (!agent || agent.status !== 'active') {
      return { outcome: failed(`The site agent ${agentId} assigned to router "${peer.name}" is ${agent ? agent.status : 'gone'}; assign another agent (POST /api/peers/${peer.id}/mikrotik/executor) or clear the assignment.`) };
    }
    if (!this.nats.current) return { outcome: failed(`NATS is not connected, so the job cannot reach site agent ${agentId}; it will work once NATS is back.`) };
    return { peer, agentId };
  }

  private run(job: Job, agentId: string, type: RouterJobType, payload: RouterJobPayload, context: JobExecutionContext): Promise<AgentRunAnswer> {
    const connection = this.nats.current;
    const responder = this.nats.responder;
    if (!connection || !responder) return Promise.resolve({ ok: false, error: `NATS is not connected, so the job cannot reach site agent ${agentId}.`, result: null });
    this.logger.log(`job ${job.id} (${type}) dispatched to site agent ${agentId}`);
    return runOnAgent({ connection, responder, agentId, jobId: job.id, peerId: job.peerId, type, payload, context, silenceMs: this.config.jobs.leaseSeconds * 1000 });
  }

  private agentFailure(answer: AgentRunAnswer, context: JobExecutionContext): JobOutcome {
    // A job cancelled before the agent started it ends cancelled, as a queued job does.
    if (context.signal.aborted && /cancel/i.test(answer.error)) return { status: 'cancelled', errorMessage: answer.error, result: null };
    return failed(answer.error || 'The job failed on the site agent.');
  }

  /** The engine's result from the agent, mapped exactly as the built-in executor maps its own. */
  private async outcome(job: Job, peer: PeerEntity, result: Record<string, unknown>, context: JobExecutionContext, extra: { desiredHash: string | null; fromJobId: string | null }): Promise<JobOutcome> {
    switch (job.jobType) {
      case 'deploy-config':
        return this.builtIn.deploymentOutcome(peer, result as unknown as DeploymentResult, context, { desiredHash: extra.desiredHash, force: job.parameters['force'] === true });
      case 'reconcile': {
        const outcome = result as unknown as ReconcileResult & { driftAfter: DriftReport | null };
        const mapped = await this.builtIn.deploymentOutcome(peer, outcome.deployment, context, { desiredHash: extra.desiredHash, driftBefore: outcome.before });
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
