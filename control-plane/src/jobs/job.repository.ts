import { Inject, Injectable } from '@nestjs/common';
import { In, type EntityManager } from 'typeorm';
import { Database } from '../database/database';
import { DeploymentJobEntity, MikrotikApiCallLogEntity } from '../database/entities';
import { parseSort } from '../common/http/list-query';
import { DEFAULT_JOB_SORT, type JobSort, type JobStatus, type JobType } from './job.dto';

export interface NewJob {
  readonly wanId: string | null;
  readonly peerId: string;
  readonly jobType: JobType;
  readonly parameters?: Record<string, unknown>;
  readonly attempt?: number;
  readonly retryOfJobId?: string;
}

export interface JobFilter {
  readonly status?: JobStatus;
  readonly type?: JobType;
  readonly peerId?: string;
  readonly wanId?: string;
  readonly sort?: JobSort;
}

@Injectable()
export class JobRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  findById(id: string, manager: EntityManager = this.database.manager): Promise<DeploymentJobEntity | null> {
    return manager.findOneBy(DeploymentJobEntity, { id });
  }

  /** One page of jobs with their peer's and WAN's names joined in the same query. */
  async page(filter: JobFilter, limit: number, offset: number): Promise<{ jobs: DeploymentJobEntity[]; total: number }> {
    const qb = this.database.manager
      .createQueryBuilder(DeploymentJobEntity, 'job')
      .leftJoin('job.peer', 'peer')
      .leftJoin('job.wan', 'wan')
      .addSelect(['peer.id', 'peer.name', 'wan.id', 'wan.name']);
    if (filter.status) qb.andWhere('job.status = :status', { status: filter.status });
    if (filter.type) qb.andWhere('job.job_type = :type', { type: filter.type });
    if (filter.peerId) qb.andWhere('job.peer_id = :peerId', { peerId: filter.peerId });
    if (filter.wanId) qb.andWhere('job.wan_id = :wanId', { wanId: filter.wanId });
    const { field, direction } = parseSort(filter.sort ?? DEFAULT_JOB_SORT);
    // Both joins are many-to-one, so LIMIT counts jobs, not joined rows.
    qb.orderBy(`job.${field}`, direction).addOrderBy('job.id', direction);
    const [jobs, total] = await qb.limit(limit).offset(offset).getManyAndCount();
    return { jobs, total };
  }

  /** Queues jobs for the runner; it picks them up after the transaction commits. */
  insertPending(manager: EntityManager, jobs: readonly NewJob[]): Promise<DeploymentJobEntity[]> {
    if (jobs.length === 0) return Promise.resolve([]);
    return manager.save(jobs.map((job) => manager.create(DeploymentJobEntity, { attempt: 1, ...job, status: 'pending' })));
  }

  /** True when the peer already has a job of this type waiting, so a repeated trigger adds nothing. */
  async hasPending(manager: EntityManager, peerId: string, jobType: JobType): Promise<boolean> {
    return (await manager.countBy(DeploymentJobEntity, { peerId, jobType, status: 'pending' })) > 0;
  }

  /**
   * Moves a job from one of `from` to `to` in one statement, so a worker claiming it at the
   * same moment either wins before (and we see its new status) or after (and finds it gone).
   */
  async transition(manager: EntityManager, id: string, from: readonly JobStatus[], values: Pick<DeploymentJobEntity, 'status' | 'completedAt'> & Partial<Pick<DeploymentJobEntity, 'lockedBy' | 'lockedUntil'>>): Promise<boolean> {
    const result = await manager.update(DeploymentJobEntity, { id, status: In([...from]) }, values);
    return (result.affected ?? 0) > 0;
  }

  async callLogs(where: { deploymentJobId?: string; peerId?: string }, limit: number, offset: number): Promise<{ rows: MikrotikApiCallLogEntity[]; total: number }> {
    const [rows, total] = await this.database.manager.findAndCount(MikrotikApiCallLogEntity, { where, order: { timestamp: 'ASC', id: 'ASC' }, take: limit, skip: offset });
    return { rows, total };
  }
}
