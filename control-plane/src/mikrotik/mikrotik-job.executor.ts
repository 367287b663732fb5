import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  detectDrift,
  reconcile,
  rollbackToBackup,
  runDeployment,
  testConnection,
  type ConnectionTestResult,
  type DeploymentBackup,
  type DeploymentResult,
  type DeploymentStepEvent,
  type DriftReport,
  type RemovedConfig,
  type RollbackReport,
  type RouterOsClient,
} from '@wom/routeros';
import { AppError } from '../common/errors/app-error';
import { Database } from '../database/database';
import { DeploymentJobEntity, PeerEntity } from '../database/entities';
import { JobExecutorRegistry, type JobExecutionContext, type JobExecutor, type JobOutcome } from '../jobs/runner/job-executor';
import { DesiredConfigSource } from './desired-config.source';
import { RouterClientFactory } from './router-client.factory';
import { RouterRecords } from './router-records';
import { STOP_CODES, stoppedStatus, stopReason } from '../jobs/runner/job-stop';

type Job = DeploymentJobEntity;
/** Jobs that write to the router after storing a backup: a crash mid-run is rolled back from it. */
export const WRITING_JOB_TYPES: ReadonlySet<string> = new Set(['deploy-config', 'reconcile', 'undeploy']);
/** What an undeploy asks of the engine: nothing of this peer's rows left on the router. */
export const undeployConfig = (peerId: string): RemovedConfig => ({ peerId, removed: true });
const failed = (errorMessage: string, result: Record<string, unknown> | null = null, errorCode = 'JOB.FAILED'): JobOutcome => ({ status: 'failed', errorMessage, errorCode, result });

/**
 * Runs MikroTik jobs in this process with the deploy engine from @wom/routeros: the engine
 * talks to the router, this class turns its answers into job outcomes and peer updates.
 */
@Injectable()
export class MikrotikJobExecutor implements JobExecutor, OnModuleInit {
  readonly jobTypes = ['deploy-config', 'rollback', 'verify', 'test-connection', 'drift-check', 'reconcile', 'undeploy'] as const;

  constructor(
    @Inject(JobExecutorRegistry) private readonly registry: JobExecutorRegistry,
    @Inject(Database) private readonly database: Database,
    @Inject(RouterClientFactory) private readonly clients: RouterClientFactory,
    @Inject(DesiredConfigSource) private readonly desired: DesiredConfigSource,
    @Inject(RouterRecords) private readonly records: RouterRecords,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  execute(job: Job, context: JobExecutionContext): Promise<JobOutcome> {
    return this.withRouter(job, context, async (peer, client) => {
      switch (job.jobType) {
        case 'test-connection':
          return this.testConnection(peer, client);
        case 'deploy-config':
          return this.deploy(job, peer, client, context);
        case 'rollback':
          return this.rollback(job, client, context);
        case 'verify':
        case 'drift-check':
          return this.checkDrift(job, peer, client);
        case 'reconcile':
          return this.reconcile(job, peer, client, context);
        case 'undeploy':
          return this.undeploy(peer, client, context);
      }
    });
  }

  /**
   * A job whose worker died (running, or cancelling: rolling back a user's cancel): a
   * deployment (or reconcile) is rolled back from the backup it stored, everything else only
   * reads and ends with the reason.
   */
  recoverAbandoned(job: Job, context: JobExecutionContext): Promise<JobOutcome> {
    if (!WRITING_JOB_TYPES.has(job.jobType)) {
      return Promise.resolve(abandonedOutcome(job, job.jobType === 'rollback' ? 'The restore may be incomplete; retry the rollback.' : 'It changed nothing on the router; retry it.'));
    }
    if (job.backup === null) {
      return Promise.resolve(abandonedOutcome(job, "It stopped before a backup was stored, so nothing was rolled back; run a drift check to see the router's state."));
    }
    return this.withRouter(job, context, async (_peer, client) => {
      const report = await rollbackToBackup(client, job.backup as unknown as DeploymentBackup);
      return abandonedOutcome(job, report.outcome === 'restored' ? 'Its changes were rolled back from the backup taken before it.' : `Rolling its changes back failed too: ${report.reason}`, { recovered: true, rollback: report });
    });
  }

  private async withRouter(job: Job, context: JobExecutionContext, work: (peer: PeerEntity, client: RouterOsClient) => Promise<JobOutcome>): Promise<JobOutcome> {
    const peer = await this.database.manager.findOneBy(PeerEntity, { id: job.peerId });
    if (!peer || peer.type !== 'mikrotik') return failed('The peer no longer exists or is no longer a MikroTik router.', null, 'PEER.NOT_FOUND');
    let client: RouterOsClient;
    try {
      client = this.clients.forPeer(peer, { onCall: (entry) => context.recordCall(entry), ...clientOptions(job) });
    } catch (error) {
      if (error instanceof AppError) return failed(error.message, { fields: error.details.fields ?? [] }, error.code);
      throw error;
    }
    try {
      return await work(peer, client);
    } finally {
      await client.close();
    }
  }

  private async testConnection(peer: PeerEntity, client: RouterOsClient): Promise<JobOutcome> {
    return this.connectionTestOutcome(peer, await testConnection(client));
  }

  /** Stores a connection test's answer on the peer and maps it to the job's outcome (also for a site agent's test). */
  async connectionTestOutcome(peer: PeerEntity, result: ConnectionTestResult): Promise<JobOutcome> {
    await this.records.saveConnectionTest(peer, result);
    const outcome = { ...result };
    return result.status === 'connected' ? { status: 'completed', errorMessage: null, result: outcome } : failed(result.error?.message ?? `The router is ${result.status}.`, outcome, result.error?.code ?? `ROUTER.${result.status.toUpperCase()}`);
  }

  private async deploy(job: Job, peer: PeerEntity, client: RouterOsClient, context: JobExecutionContext): Promise<JobOutcome> {
    const desired = await this.desired.forPeer(peer.wanId, peer.id);
    const result = await runDeployment(client, desired, { signal: context.signal, hooks: { onStep: (event) => reportStep(context, event), onBackup: (taken) => context.saveBackup(taken as unknown as Record<string, unknown>) }, verify: {} });
    return this.deploymentOutcome(peer, result, context, { desiredHash: desired.contentHash, force: job.parameters['force'] === true });
  }

  /** Removes every row this product wrote for the peer; the same engine run, with a backup first. */
  private async undeploy(peer: PeerEntity, client: RouterOsClient, context: JobExecutionContext): Promise<JobOutcome> {
    const result = await runDeployment(client, undeployConfig(peer.id), { signal: context.signal, hooks: { onStep: (event) => reportStep(context, event), onBackup: (taken) => context.saveBackup(taken as unknown as Record<string, unknown>) } });
    return this.deploymentOutcome(peer, result, context, { undeploy: true });
  }

  private async rollback(job: Job, client: RouterOsClient, context: JobExecutionContext): Promise<JobOutcome> {
    const fromJobId = typeof job.parameters['fromJobId'] === 'string' ? job.parameters['fromJobId'] : null;
    const source = await this.records.backupSource(job.peerId, fromJobId);
    if (!source?.backup) return failed(fromJobId ? `Deployment ${fromJobId} has no stored backup to restore.` : 'No earlier deployment of this router has a stored backup to restore.', null, 'MIKROTIK.NO_BACKUP');
    await context.progress({ percent: 10, step: { name: 'rollback', status: 'running', startedAt: new Date().toISOString(), finishedAt: null, detail: `Restoring the backup taken before job ${source.id}` } });
    return rollbackOutcome(source.id, await rollbackToBackup(client, source.backup as unknown as DeploymentBackup, { signal: context.signal }));
  }

  private async checkDrift(job: Job, peer: PeerEntity, client: RouterOsClient): Promise<JobOutcome> {
    const desired = await this.desired.forPeer(peer.wanId, peer.id);
    return this.driftOutcome(job, peer, await detectDrift(client, desired), desired.contentHash);
  }

  /** Stores a drift report on the peer and maps it to a verify or drift-check outcome (also for a site agent's check). */
  async driftOutcome(job: Job, peer: PeerEntity, report: DriftReport, desiredHash: string): Promise<JobOutcome> {
    await this.records.saveDriftReport(peer, report);
    const result = { ...report, desiredHash };
    if (job.jobType === 'verify' && !report.inSync) return failed(`The router differs from the desired state in ${report.entries.length} row(s).`, result, 'DRIFT.FOUND');
    return { status: 'completed', errorMessage: null, result };
  }

  private async reconcile(job: Job, peer: PeerEntity, client: RouterOsClient, context: JobExecutionContext): Promise<JobOutcome> {
    const desired = await this.desired.forPeer(peer.wanId, peer.id);
    const options = job.parameters;
    const outcome = await reconcile(client, desired, {
      reconcileMissing: options['reconcileMissing'] !== false,
      reconcileMismatched: options['reconcileMismatched'] !== false,
      removeUnknown: options['removeUnknown'] === true,
      signal: context.signal,
      hooks: { onStep: (event) => reportStep(context, event), onBackup: (taken) => context.saveBackup(taken as unknown as Record<string, unknown>) },
    });
    const deployed = await this.deploymentOutcome(peer, outcome.deployment, context, { desiredHash: desired.contentHash, driftBefore: outcome.before });
    if (outcome.deployment.outcome === 'success' || outcome.deployment.outcome === 'partial-success') {
      await this.records.saveDriftReport(peer, await detectDrift(client, desired));
    }
    return deployed;
  }

  /**
   * Stores the backup and the router's public key, and maps the engine's outcome to the job's.
   * Public because a site agent's jobs end the same way: the agent returns the engine's result.
   */
  async deploymentOutcome(peer: PeerEntity, result: DeploymentResult, context: JobExecutionContext, extra: Record<string, unknown>, stop: { code: string; message: string } = stopReason(context.signal)): Promise<JobOutcome> {
    if (result.backup) await context.saveBackup(result.backup as unknown as Record<string, unknown>);
    const ok = result.outcome === 'success' || result.outcome === 'partial-success';
    if (ok && result.interfacePublicKey) await this.records.saveRouterPublicKey(peer, result.interfacePublicKey);
    const summary = {
      ...extra,
      outcome: result.outcome,
      reason: result.reason,
      writeCount: result.writeCount,
      interfacePublicKey: result.interfacePublicKey,
      verification: result.verification,
      rollback: result.rollback,
      error: result.error,
      startedAt: result.startedAt,
      finishedAt: result.finishedAt,
    };
    const operations = [...result.appliedCalls, ...(result.rollback?.calls ?? [])];
    if (ok) return { status: 'completed', errorMessage: result.outcome === 'partial-success' ? result.reason : null, result: summary, operations };
    const rolledBack = result.rollback ? ` Rollback: ${result.rollback.outcome === 'restored' ? `the router was restored from the backup (${rowCounts(result.rollback)})` : `failed (${rowCounts(result.rollback)}: ${result.rollback.reason})`}.` : '';
    // The engine's error says what went wrong and what to do; its reason says how far the job got.
    if (result.outcome === 'cancelled') {
      // Stopped rather than failed: say who stopped it (a user, a shutdown, the agent), not "cancelled".
      return { status: stoppedStatus(stop.code), errorMessage: `${stop.message}${rolledBack}`, errorCode: stop.code, result: summary, operations };
    }
    const why = [result.error?.message, result.error?.suggestion, result.reason].filter((part): part is string => Boolean(part)).join(' ') || `The deployment ended ${result.outcome}.`;
    return { status: 'failed', errorMessage: `${why}${rolledBack}`, errorCode: result.error?.code ?? 'DEPLOY.FAILED', result: summary, operations };
  }
}

/** A connection test answers what the router does now: one attempt, within the asked timeout. */
export function clientOptions(job: Job): { maxAttempts?: number; timeoutMs?: number } {
  if (job.jobType !== 'test-connection') return {};
  const seconds = job.parameters['timeoutSeconds'];
  // RouterOS itself ends a request at 60 s, so the client must give up just before.
  return { maxAttempts: 1, timeoutMs: typeof seconds === 'number' && seconds >= 1 ? Math.min(seconds * 1000, 59_000) : 10_000 };
}

/**
 * How a job taken over from a dead worker ends. One a user had cancelled (`cancelling`, or
 * `cancelled` and still held, as a replica from before `cancelling` marks it) ends `cancelled`
 * once its restore is done, as its own worker would have ended it; any other fails.
 */
export function abandonedOutcome(job: Pick<Job, 'status'>, detail: string, result: Record<string, unknown> | null = null): JobOutcome {
  const cancelled = job.status === 'cancelling' || job.status === 'cancelled';
  const interrupted = cancelled ? 'The job was cancelled, and the control plane stopped while it was rolling back.' : 'The control plane stopped while this job was running.';
  return { status: cancelled ? 'cancelled' : 'failed', errorMessage: `${interrupted} ${detail}`.trim(), errorCode: cancelled ? STOP_CODES.cancelled : 'CONTROL_PLANE.RESTARTED', result };
}

/** A restore's report as the rollback job's outcome. */
export function rollbackOutcome(fromJobId: string, report: RollbackReport): JobOutcome {
  const result = { fromJobId, rollback: report };
  if (report.outcome === 'restored') return { status: 'completed', errorMessage: null, result, operations: report.calls };
  // Every row the router took is back; restoring the same backup again retries only the rest.
  return { ...failed(`Restoring the backup failed (${rowCounts(report)}): ${report.reason} Run the rollback again (retry this job) to restore the rows still different.`, result, 'ROLLBACK.FAILED'), operations: report.calls };
}

/** "5 row(s) restored, 1 failed"; a site agent older than per-row reports sends only its calls. */
function rowCounts(report: RollbackReport): string {
  const { summary } = report as Partial<RollbackReport>;
  return summary ? `${summary.restored} row(s) restored, ${summary.failed} failed` : `${report.calls.length} call(s) sent`;
}

function reportStep(context: JobExecutionContext, event: DeploymentStepEvent): Promise<void> {
  const { progressPercent, ...step } = event;
  return context.progress({ percent: progressPercent, step });
}
