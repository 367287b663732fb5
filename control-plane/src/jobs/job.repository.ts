import { Inject, Injectable } from '@nestjs/common';
import { In, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { Database } from '../database/database';
import { DeploymentJobEntity, MikrotikApiCallLogEntity } from '../database/entities';
import type { JobStatus, JobType } from './job.dto';

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
}

@Injectable()
export class JobRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  findById(id: string, manager: EntityManager = this.database.manager): Promise<DeploymentJobEntity | null> {
    return manager.findOneBy(DeploymentJobEntity, { id });
  }

  async page(filter: JobFilter, limit: number, offset: number): Promise<{ jobs: DeploymentJobEntity[]; total: number }> {
    const where: FindOptionsWhere<DeploymentJobEntity> = {
      ...(filter.status ? { status: filter.status } : {}),
      ...(filter.type ? { jobType: filter.type } : {}),
      ...(filter.peerId ? { peerId: filter.peerId } : {}),
    };
    // Newest first: the job monitor shows what just happened.
    const [jobs, total] = await this.database.manager.findAndCount(DeploymentJobEntity, { where, order: { createdAt: 'DESC', id: 'DESC' }, take: limit, skip: offset });
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
