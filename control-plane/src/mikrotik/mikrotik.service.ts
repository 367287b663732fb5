import { Inject, Injectable } from '@nestjs/common';
import { previewDeployment, readWireguardPeerStats, testConnection, type DeploymentPreview } from '@wom/routeros';
import { In, type EntityManager } from 'typeorm';
import { AuditService, type AuditEntry } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import type { Page } from '../common/http/pagination.dto';
import { Database } from '../database/database';
import { DeploymentJobEntity, PeerEntity } from '../database/entities';
import { toApiCallLogResponse, toJobResponse, type ApiCallLogResponse, type JobResponse } from '../jobs/job.dto';
import { isFinished } from '../jobs/job-transitions';
import { JobRepository, type NewJob } from '../jobs/job.repository';
import { JobRunner } from '../jobs/runner/job-runner';
import { WanRepository } from '../wan/wan.repository';
import { DesiredConfigSource } from './desired-config.source';
import { undeployConfig } from './mikrotik-job.executor';
import type { DeployAllDto, DeployAllResponse, DeployAllSummary, DeployDto, DeploymentOutcomeLine, RollbackDto, TestConnectionDto } from './mikrotik.dto';
import { nothingToRollBack, rollbackPreview, rollbackTargetRefusal, type RollbackPreview } from './rollback-target';
import { RouterRecords } from './router-records';
import { RouterSessions, requireMikrotik } from './router-session';

/**
 * MikroTik endpoints (spec §7.3). Whatever writes to a router is a job (202, follow it at
 * /api/jobs/:id); preview, diff and status read the router synchronously.
 */
@Injectable()
export class MikrotikService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(JobRepository) private readonly jobs: JobRepository,
    @Inject(WanRepository) private readonly wans: WanRepository,
    @Inject(JobRunner) private readonly runner: JobRunner,
    @Inject(RouterSessions) private readonly sessions: RouterSessions,
    @Inject(DesiredConfigSource) private readonly desired: DesiredConfigSource,
    @Inject(RouterRecords) private readonly records: RouterRecords,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  testConnection(peerId: string, dto: TestConnectionDto): Promise<JobResponse> {
    return this.queueOne(peerId, 'test-connection', { timeoutSeconds: dto.timeoutSeconds ?? 10 }, 'router.test-connection');
  }

  deploy(peerId: string, dto: DeployDto): Promise<JobResponse> {
    return this.queueOne(peerId, 'deploy-config', { force: dto.force ?? false }, 'router.deploy');
  }

  verify(peerId: string): Promise<JobResponse> {
    return this.queueOne(peerId, 'verify', {}, 'router.verify');
  }

  /**
   * Queues a restore of the named deployment's backup, or by default of the last deployment
   * that changed the router. The choice is made now and kept in the job (`fromJobId`), so the
   * answer says what will be restored and a retry restores the same backup.
   */
  async rollback(peerId: string, dto: RollbackDto): Promise<JobResponse> {
    const [job] = await this.queue(async (tx) => {
      const { peer, source } = await this.rollbackSource(tx, peerId, dto);
      return [{ wanId: peer.wanId, peerId, jobType: 'rollback', parameters: { fromJobId: source.id } }];
    }, routerJobAudit('router.rollback', peerId));
    return job!;
  }

  /** Which backup a rollback would restore and the rows it holds, chosen exactly as rollback chooses it; writes nothing. */
  async previewRollback(peerId: string, dto: RollbackDto): Promise<RollbackPreview> {
    const { peer, source } = await this.rollbackSource(this.database.manager, peerId, dto);
    return rollbackPreview(peer, source);
  }

  /** The deployment whose backup a rollback restores: the one named, else the last that changed the router. */
  private async rollbackSource(tx: EntityManager, peerId: string, dto: RollbackDto): Promise<{ peer: PeerEntity; source: DeploymentJobEntity }> {
    const peer = await requireMikrotik(tx.findOneBy(PeerEntity, { id: peerId }), peerId);
    if (dto.jobId === undefined) {
      const last = await this.records.lastChange(peerId, tx);
      if (!last) throw nothingToRollBack(peer.name);
      return { peer, source: last };
    }
    const named = await tx.findOneBy(DeploymentJobEntity, { id: dto.jobId });
    const refused = rollbackTargetRefusal(dto.jobId, named, peerId);
    if (refused) throw refused;
    return { peer, source: named! };
  }

  async deployAll(wanId: string, dto: DeployAllDto): Promise<DeployAllResponse> {
    const queued = await this.queue(async (tx) => {
      if (!(await this.wans.findById(wanId, tx))) throw new AppError('WAN.NOT_FOUND', `No WAN has the id ${wanId}. List WANs with GET /api/wan.`);
      const peers = await tx.find(PeerEntity, {
        where: { wanId, type: 'mikrotik', ...(dto.onlyAutoDeploy ? { mikrotikAutoDeploy: true } : {}) },
        select: { id: true },
        order: { tunnelIp: 'ASC' },
      });
      return peers.map((peer): NewJob => ({ wanId, peerId: peer.id, jobType: 'deploy-config', parameters: { force: dto.force ?? false } }));
    }, (jobs) => ({ action: 'wan.deploy-all', entityType: 'wan', entityId: wanId, wanId, after: { force: dto.force ?? false, onlyAutoDeploy: dto.onlyAutoDeploy ?? false, jobs: jobs.map(jobSummary) } }));
    const jobs = await this.awaitJobs(queued.map((job) => job.id), (dto.waitSeconds ?? 0) * 1000);
    return { wanId, jobs, summary: await this.summarize(jobs) };
  }

  /** Exactly what a deployment would change now, and the calls it would send. Writes nothing. */
  async preview(peerId: string): Promise<DeploymentPreview> {
    const peer = await this.readablePeer(peerId);
    const desired = await this.desired.forPeer(peer.wanId, peer.id);
    return this.sessions.with(peer, (client) => previewDeployment(client, desired));
  }

  /** What deleting the peer would take off its router (its undeploy): exactly our rows, as calls. Writes nothing. */
  async previewRemoval(peerId: string): Promise<DeploymentPreview> {
    const peer = await this.readablePeer(peerId);
    return this.sessions.with(peer, (client) => previewDeployment(client, undeployConfig(peer.id)));
  }

  private async readablePeer(peerId: string): Promise<PeerEntity> {
    const peer = await this.sessions.requirePeer(peerId);
    if (peer.mikrotikExecutorAgentId !== null) {
      throw new AppError(
        'MIKROTIK.BEHIND_AGENT',
        `Router "${peer.name}" is reached only through site agent ${peer.mikrotikExecutorAgentId}, so the control plane cannot read it for a preview. Run a drift check (POST /api/peers/${peer.id}/mikrotik/drift-check): it runs on the agent and lists every difference a deployment would fix.`,
      );
    }
    return peer;
  }

  /** The router's rows against the desired state, menu by menu. */
  async diff(peerId: string): Promise<Pick<DeploymentPreview, 'peerId' | 'menus' | 'conflicts' | 'summary'>> {
    const { peerId: id, menus, conflicts, summary } = await this.preview(peerId);
    return { peerId: id, menus, conflicts, summary };
  }

  /** The router as it answers now: connection, identity, version, load, and its WireGuard peers. */
  async status(peerId: string): Promise<Record<string, unknown>> {
    const peer = await this.sessions.requirePeer(peerId);
    // Only its agent reaches it: what the agent last read, never a direct call that would fail and overwrite it.
    if (peer.mikrotikExecutorAgentId !== null) return routerStatusFromAgent(peer);
    return this.sessions.with(peer, async (client) => {
      const connection = await testConnection(client);
      await this.records.saveConnectionTest(peer, connection);
      const interfaceName = peer.mikrotikInterfaceName ?? 'wg-wan-overlay';
      const wireguardPeers = connection.status === 'connected' && connection.wireguardAvailable ? await readWireguardPeerStats(client, interfaceName) : [];
      return { peerId, connection, interfaceName, wireguardPeers, lastDriftCheck: peer.mikrotikLastDriftCheck?.toISOString() ?? null };
    }, { maxAttempts: 1 });
  }

  async logs(peerId: string, limit: number, offset: number): Promise<Page<ApiCallLogResponse>> {
    await this.sessions.requirePeer(peerId);
    const { rows, total } = await this.jobs.callLogs({ peerId }, limit, offset);
    return { items: rows.map(toApiCallLogResponse), total, limit, offset };
  }

  /**
   * Inserts the jobs `plan` returns in one transaction, then wakes the runner. `audit` describes
   * the request that queued them; scheduled work (no request) passes none.
   */
  async queue(plan: (tx: EntityManager) => Promise<NewJob[]>, audit?: (jobs: readonly JobResponse[]) => AuditEntry): Promise<JobResponse[]> {
    const jobs = await this.database.transaction(async (tx) => {
      const queued = (await this.jobs.insertPending(tx, await plan(tx))).map(toJobResponse);
      if (audit) await this.audit.record(tx, audit(queued));
      return queued;
    });
    if (jobs.length > 0) this.runner.poke();
    return jobs;
  }

  private async queueOne(peerId: string, jobType: NewJob['jobType'], parameters: Record<string, unknown>, action: string): Promise<JobResponse> {
    const [job] = await this.queue(async (tx) => {
      const peer = await requireMikrotik(tx.findOneBy(PeerEntity, { id: peerId }), peerId);
      return [{ wanId: peer.wanId, peerId, jobType, parameters }];
    }, routerJobAudit(action, peerId));
    return job!;
  }

  /** Polls until every job ended or the wait is over; bounded by `waitMs`. */
  async awaitJobs(ids: readonly string[], waitMs: number): Promise<JobResponse[]> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const rows = ids.length === 0 ? [] : await this.database.manager.findBy(DeploymentJobEntity, { id: In([...ids]) });
      const jobs = ids.map((id) => rows.find((row) => row.id === id)).filter((row): row is DeploymentJobEntity => row !== undefined).map(toJobResponse);
      if (Date.now() >= deadline || jobs.every((job) => isFinished(job.status))) return jobs;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  private async summarize(jobs: readonly JobResponse[]): Promise<DeployAllSummary> {
    const peers = jobs.length === 0 ? [] : await this.database.manager.find(PeerEntity, { where: { id: In(jobs.map((j) => j.peerId)) }, select: { id: true, name: true } });
    const line = (job: JobResponse): DeploymentOutcomeLine => ({
      jobId: job.id,
      peerId: job.peerId,
      peerName: peers.find((p) => p.id === job.peerId)?.name ?? '',
      status: job.status,
      errorMessage: job.errorMessage,
    });
    return {
      total: jobs.length,
      succeeded: jobs.filter((j) => j.status === 'completed').map(line),
      failed: jobs.filter((j) => j.status === 'failed' || j.status === 'cancelled').map(line),
      unfinished: jobs.filter((j) => !isFinished(j.status)).map(line),
    };
  }
}

const jobSummary = (job: JobResponse) => ({ id: job.id, peerId: job.peerId, jobType: job.jobType, status: job.status });

/** The audit entry of a request that queued jobs for one router: the router is the entity, the jobs what it started. */
export const routerJobAudit =
  (action: string, peerId: string) =>
  (jobs: readonly JobResponse[]): AuditEntry => ({ action, entityType: 'peer', entityId: peerId, wanId: jobs[0]?.wanId ?? null, after: { jobs: jobs.map(jobSummary), parameters: jobs[0]?.parameters ?? null } });

/** A router behind a site agent as its agent last read it (GET …/mikrotik/status). */
function routerStatusFromAgent(peer: PeerEntity): Record<string, unknown> {
  return {
    peerId: peer.id,
    readBy: { agentId: peer.mikrotikExecutorAgentId },
    connection: {
      status: peer.mikrotikApiStatus ?? 'unknown',
      identity: peer.mikrotikRouterIdentity,
      version: peer.mikrotikRouterosVersion,
      checkedAt: peer.mikrotikLastApiCheck?.toISOString() ?? null,
    },
    health: peer.mikrotikHealth,
    interfaceName: peer.mikrotikInterfaceName ?? 'wg-wan-overlay',
    lastDriftCheck: peer.mikrotikLastDriftCheck?.toISOString() ?? null,
  };
}
