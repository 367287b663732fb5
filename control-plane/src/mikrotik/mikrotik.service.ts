import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import type { Page } from '../common/http/pagination.dto';
import { Database } from '../database/database';
import { DeploymentJobEntity, PeerEntity, type DeploymentJobEntity as Job } from '../database/entities';
import { toApiCallLogResponse, toJobResponse, type ApiCallLogResponse, type JobResponse, type JobType } from '../jobs/job.dto';
import { JobRepository } from '../jobs/job.repository';
import { WanRepository } from '../wan/wan.repository';
import type { DeployAllDto, DeployAllResponse, DeployDto, RollbackDto, TestConnectionDto } from './mikrotik.dto';

/**
 * MikroTik endpoints (spec §7.3). Until the router executor exists, the ones that change a
 * router queue a pending job for it, and the ones that must read a router say it can't yet.
 */
@Injectable()
export class MikrotikService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(JobRepository) private readonly jobs: JobRepository,
    @Inject(WanRepository) private readonly wans: WanRepository,
  ) {}

  testConnection(peerId: string, dto: TestConnectionDto): Promise<JobResponse> {
    return this.queue(peerId, 'test-connection', [{ action: 'test-connection', timeoutSeconds: dto.timeoutSeconds ?? 10 }]);
  }

  deploy(peerId: string, dto: DeployDto): Promise<JobResponse> {
    return this.queue(peerId, 'deploy-config', [{ action: 'deploy-config', force: dto.force ?? false }]);
  }

  rollback(peerId: string, dto: RollbackDto): Promise<JobResponse> {
    return this.database.transaction(async (tx) => {
      const peer = await requireMikrotik(tx.findOneBy(PeerEntity, { id: peerId }), peerId);
      if (dto.jobId !== undefined) {
        const source = await tx.findOneBy(DeploymentJobEntity, { id: dto.jobId, peerId, jobType: 'deploy-config' });
        if (!source) {
          const reason = `No deployment of this peer has the id ${dto.jobId}. List them with GET /api/peers/${peerId}/jobs?type=deploy-config.`;
          throw new AppError('JOB.NOT_FOUND', reason, { fields: [{ field: 'jobId', reason }] });
        }
      }
      const [job] = (await this.jobs.insertPending(tx, [{ wanId: peer.wanId, peerId, jobType: 'rollback', steps: [{ action: 'restore-backup', fromJobId: dto.jobId ?? null }] }])) as [Job];
      return toJobResponse(job);
    });
  }

  deployAll(wanId: string, dto: DeployAllDto): Promise<DeployAllResponse> {
    return this.database.transaction(async (tx) => {
      if (!(await this.wans.findById(wanId, tx))) throw new AppError('WAN.NOT_FOUND', `No WAN has the id ${wanId}. List WANs with GET /api/wan.`);
      const peers = await tx.find(PeerEntity, {
        where: { wanId, type: 'mikrotik', ...(dto.onlyAutoDeploy ? { mikrotikAutoDeploy: true } : {}) },
        select: { id: true },
        order: { tunnelIp: 'ASC' },
      });
      const steps = [{ action: 'deploy-config', force: dto.force ?? false }];
      const jobs = await this.jobs.insertPending(tx, peers.map((peer) => ({ wanId, peerId: peer.id, jobType: 'deploy-config' as const, steps })));
      return { wanId, jobs: jobs.map(toJobResponse) };
    });
  }

  /** preview, diff and status read the router, which needs the executor. */
  async requireExecutor(peerId: string): Promise<never> {
    await requireMikrotik(this.database.manager.findOneBy(PeerEntity, { id: peerId }), peerId);
    throw new AppError(
      'MIKROTIK.EXECUTOR_UNAVAILABLE',
      'The router executor is not running yet, so the router cannot be read. Deploy, test-connection and rollback are queued as jobs meanwhile.',
    );
  }

  async logs(peerId: string, limit: number, offset: number): Promise<Page<ApiCallLogResponse>> {
    await requireMikrotik(this.database.manager.findOneBy(PeerEntity, { id: peerId }), peerId);
    const { rows, total } = await this.jobs.callLogs({ peerId }, limit, offset);
    return { items: rows.map(toApiCallLogResponse), total, limit, offset };
  }

  private queue(peerId: string, jobType: JobType, steps: unknown[]): Promise<JobResponse> {
    return this.database.transaction(async (tx) => {
      const peer = await requireMikrotik(tx.findOneBy(PeerEntity, { id: peerId }), peerId);
      const [job] = (await this.jobs.insertPending(tx, [{ wanId: peer.wanId, peerId, jobType, steps }])) as [Job];
      return toJobResponse(job);
    });
  }
}

async function requireMikrotik(lookup: Promise<PeerEntity | null>, peerId: string): Promise<PeerEntity> {
  const peer = await lookup;
  if (!peer) throw new AppError('PEER.NOT_FOUND', `No peer has the id ${peerId}.`);
  if (peer.type !== 'mikrotik') {
    throw new AppError('PEER.NOT_MIKROTIK', `Peer "${peer.name}" is a ${peer.type}, not a MikroTik router; use GET /api/peers/${peerId}/config for its configuration instead.`);
  }
  return peer;
}
