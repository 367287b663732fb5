import { Inject, Injectable } from '@nestjs/common';
import { detectDrift, type DriftReport } from '@wom/routeros';
import { In, IsNull, Not, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import { Database } from '../database/database';
import { DeploymentJobEntity, PeerEntity } from '../database/entities';
import { toJobResponse, type JobResponse } from '../jobs/job.dto';
import { isFinished } from '../jobs/job-transitions';
import { JobRepository, type NewJob } from '../jobs/job.repository';
import { DesiredConfigSource } from '../mikrotik/desired-config.source';
import { MikrotikService, routerJobAudit } from '../mikrotik/mikrotik.service';
import { RouterRecords } from '../mikrotik/router-records';
import { RouterSessions, requireMikrotik } from '../mikrotik/router-session';
import { WanRepository } from '../wan/wan.repository';
import type { ReconcileDto } from '../mikrotik/mikrotik.dto';
import { DriftFleetRepository } from './drift-fleet.repository';
import type { DriftState, FleetDriftItem } from './drift-fleet.view';

/** How long an on-demand check waits for a site agent before answering with the job to follow. */
const AGENT_CHECK_WAIT_MS = 30_000;

export interface StoredDriftReport {
  readonly peerId: string;
  /** Null until the router was checked once. */
  readonly checkedAt: string | null;
  readonly report: DriftReport | null;
}

/** Configuration drift of MikroTik routers (spec §11.2, seed 002): detect, keep, reconcile. */
@Injectable()
export class DriftService {
  constructor(
    @Inject(RouterSessions) private readonly sessions: RouterSessions,
    @Inject(DesiredConfigSource) private readonly desired: DesiredConfigSource,
    @Inject(RouterRecords) private readonly records: RouterRecords,
    @Inject(MikrotikService) private readonly mikrotik: MikrotikService,
    @Inject(JobRepository) private readonly jobs: JobRepository,
    @Inject(WanRepository) private readonly wans: WanRepository,
    @Inject(Database) private readonly database: Database,
    @Inject(DriftFleetRepository) private readonly fleetDrift: DriftFleetRepository,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /** Every device of the WAN with its latest drift, drifted first: one page, one statement. */
  async fleet(wanId: string, query: { limit: number; offset: number; state?: DriftState }): Promise<{ items: FleetDriftItem[]; total: number; limit: number; offset: number; drifted: number }> {
    if (!(await this.wans.findById(wanId))) throw new AppError('WAN.NOT_FOUND', `No WAN has the id ${wanId}. List WANs with GET /api/wan.`);
    const page = await this.fleetDrift.page(wanId, query.limit, query.offset, query.state);
    return { ...page, limit: query.limit, offset: query.offset };
  }

  /**
   * Reads the router now and stores the report on the peer; writes nothing to the router. A
   * router assigned to a site agent is read by that agent (the control plane may not reach
   * it), as a drift-check job this call waits for.
   */
  async checkNow(peerId: string): Promise<DriftReport> {
    const peer = await this.sessions.requirePeer(peerId);
    if (peer.mikrotikExecutorAgentId !== null) return this.checkThroughAgent(peer);
    const desired = await this.desired.forPeer(peer.wanId, peer.id);
    const report = await this.sessions.with(peer, (client) => detectDrift(client, desired));
    await this.records.saveDriftReport(peer, report);
    await this.audit.record(null, {
      action: 'router.drift-check',
      entityType: 'peer',
      entityId: peer.id,
      wanId: peer.wanId,
      before: { lastDriftCheck: peer.mikrotikLastDriftCheck?.toISOString() ?? null },
      after: { lastDriftCheck: report.checkedAt, inSync: report.inSync },
    });
    return report;
  }

  private async checkThroughAgent(peer: PeerEntity): Promise<DriftReport> {
    const [queued] = await this.mikrotik.queue(async () => [{ wanId: peer.wanId, peerId: peer.id, jobType: 'drift-check', parameters: {} }], routerJobAudit('router.drift-check', peer.id));
    const [job] = await this.mikrotik.awaitJobs([queued!.id], AGENT_CHECK_WAIT_MS);
    if (job?.status !== 'completed') {
      const how = job && isFinished(job.status) ? `ended ${job.status}: ${job.errorMessage ?? 'no reason given'}` : `has not finished within ${AGENT_CHECK_WAIT_MS / 1000} s`;
      throw new AppError('MIKROTIK.ROUTER_UNAVAILABLE', `The drift check of this router runs on its site agent and ${how}. Follow it as job ${queued!.id}.`);
    }
    const refreshed = await this.sessions.requirePeer(peer.id);
    return refreshed.mikrotikDriftReport as unknown as DriftReport;
  }

  async stored(peerId: string): Promise<StoredDriftReport> {
    const peer = await this.sessions.requirePeer(peerId);
    return { peerId, checkedAt: peer.mikrotikLastDriftCheck?.toISOString() ?? null, report: peer.mikrotikDriftReport as DriftReport | null };
  }

  /**
   * One drift-check job per reachable-looking router of the WAN (those with a management
   * address): a router whose check is already waiting (the schedule queued it) answers with that
   * job, so the caller can follow every router's check.
   */
  async checkWan(wanId: string): Promise<{ wanId: string; jobs: JobResponse[] }> {
    const queued = await this.mikrotik.queue(async (tx) => {
      if (!(await this.wans.findById(wanId, tx))) throw new AppError('WAN.NOT_FOUND', `No WAN has the id ${wanId}. List WANs with GET /api/wan.`);
      return this.driftJobs(tx, wanId);
    }, (jobs) => ({ action: 'wan.drift-check', entityType: 'wan', entityId: wanId, wanId, after: { jobIds: jobs.map((job) => job.id) } }));
    // One job per router: the one queued now, else the one already waiting or running (the schedule may have queued and started it meanwhile).
    const covered = new Set(queued.map((job) => job.peerId));
    const waiting = await this.database.manager.find(DeploymentJobEntity, { where: { wanId, jobType: 'drift-check', status: In(['pending', 'running']) }, order: { createdAt: 'ASC' } });
    const jobs = [...queued];
    for (const job of waiting) {
      if (covered.has(job.peerId)) continue;
      covered.add(job.peerId);
      jobs.push(toJobResponse(job));
    }
    return { wanId, jobs };
  }

  /** The scheduled check of every router in every WAN. */
  checkAll(): Promise<JobResponse[]> {
    return this.mikrotik.queue((tx) => this.driftJobs(tx, undefined));
  }

  async reconcile(peerId: string, dto: ReconcileDto): Promise<JobResponse> {
    const parameters = { reconcileMissing: dto.reconcileMissing ?? true, reconcileMismatched: dto.reconcileMismatched ?? true, removeUnknown: dto.removeUnknown ?? false };
    const [job] = await this.mikrotik.queue(async (tx) => {
      const peer = await requireMikrotik(tx.findOneBy(PeerEntity, { id: peerId }), peerId);
      return [{ wanId: peer.wanId, peerId, jobType: 'reconcile', parameters }];
    }, routerJobAudit('router.reconcile', peerId));
    return job!;
  }

  /** Skips routers that already have a drift check waiting, so a slow queue never piles them up. */
  private async driftJobs(tx: EntityManager, wanId: string | undefined): Promise<NewJob[]> {
    const routers = await tx.find(PeerEntity, {
      where: { type: 'mikrotik', mikrotikManagementIp: Not(IsNull()), removalRequestedAt: IsNull(), ...(wanId ? { wanId } : {}) },
      select: { id: true, wanId: true },
      order: { wanId: 'ASC', tunnelIp: 'ASC' },
    });
    const jobs: NewJob[] = [];
    for (const router of routers) {
      if (!(await this.jobs.hasPending(tx, router.id, 'drift-check'))) jobs.push({ wanId: router.wanId, peerId: router.id, jobType: 'drift-check', parameters: {} });
    }
    return jobs;
  }
}
