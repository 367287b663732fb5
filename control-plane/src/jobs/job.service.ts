import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import type { Page } from '../common/http/pagination.dto';
import { Database } from '../database/database';
import type { DeploymentJobEntity } from '../database/entities';
import { PeerRepository } from '../peers/peer.repository';
import { EventBus } from '../events/event-bus';
import { refusal } from './job-transitions';
import { toApiCallLogResponse, toJobListItem, toJobResponse, type ApiCallLogResponse, type JobListItemResponse, type JobListQuery, type JobResponse } from './job.dto';
import { JobRepository } from './job.repository';
import { JobRunner } from './runner/job-runner';

/** The read side of deployment jobs (spec §7.7), plus cancel and retry. */
@Injectable()
export class JobService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(JobRepository) private readonly jobs: JobRepository,
    @Inject(PeerRepository) private readonly peers: PeerRepository,
    @Inject(JobRunner) private readonly runner: JobRunner,
    @Inject(EventBus) private readonly events: EventBus,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async list(query: JobListQuery): Promise<Page<JobListItemResponse>> {
    const { jobs, total } = await this.jobs.page(query, query.limit, query.offset);
    return { items: jobs.map(toJobListItem), total, limit: query.limit, offset: query.offset };
  }

  async listForPeer(peerId: string, query: JobListQuery): Promise<Page<JobListItemResponse>> {
    if (!(await this.peers.findById(peerId))) throw new AppError('PEER.NOT_FOUND', `No peer has the id ${peerId}.`);
    return this.list(Object.assign(query, { peerId }));
  }

  async get(id: string): Promise<JobResponse> {
    return toJobResponse(await this.require(id));
  }

  async logs(id: string, limit: number, offset: number): Promise<Page<ApiCallLogResponse>> {
    await this.require(id);
    const { rows, total } = await this.jobs.callLogs({ deploymentJobId: id }, limit, offset);
    return { items: rows.map(toApiCallLogResponse), total, limit, offset };
  }

  /**
   * A pending job simply ends `cancelled`. A running one becomes `cancelling` and keeps its
   * worker's lease: the worker stops at the next step boundary, rolls back what it applied, and
   * only then records the job `cancelled` with the rollback's result, so the status never
   * claims the router is back before it is.
   */
  async cancel(id: string): Promise<JobResponse> {
    const response = await this.database.transaction(async (tx) => {
      const fromPending = await this.jobs.transition(tx, id, ['pending'], { status: 'cancelled', completedAt: new Date(), lockedBy: null, lockedUntil: null });
      const moved = fromPending || (await this.jobs.transition(tx, id, ['running'], { status: 'cancelling', completedAt: null }));
      const job = await this.jobs.findById(id, tx);
      if (!job) throw jobNotFound(id);
      if (!moved) throw invalidState(refusal('cancel', job.status) ?? `The job is ${job.status}; try again.`);
      const after = toJobResponse(job);
      await this.audit.record(tx, { action: 'job.cancel', entityType: 'job', entityId: id, wanId: job.wanId, before: { status: fromPending ? 'pending' : 'running' }, after });
      return after;
    });
    this.runner.noticeCancelled(id);
    this.events.publish('job.progress', { jobId: response.id, peerId: response.peerId, wanId: response.wanId, status: response.status, progressPercent: response.progressPercent });
    return response;
  }

  retry(id: string): Promise<JobResponse> {
    return this.database.transaction(async (tx) => {
      const job = await this.jobs.findById(id, tx);
      if (!job) throw jobNotFound(id);
      const refused = refusal('retry', job.status);
      if (refused) throw invalidState(refused);
      const [created] = (await this.jobs.insertPending(tx, [
        { wanId: job.wanId, peerId: job.peerId, jobType: job.jobType, parameters: job.parameters, attempt: job.attempt + 1, retryOfJobId: job.id },
      ])) as [DeploymentJobEntity];
      const after = toJobResponse(created);
      await this.audit.record(tx, { action: 'job.retry', entityType: 'job', entityId: created.id, wanId: job.wanId, before: toJobResponse(job), after });
      return after;
    }).then((created) => {
      this.runner.poke();
      return created;
    });
  }

  private async require(id: string): Promise<DeploymentJobEntity> {
    const job = await this.jobs.findById(id);
    if (!job) throw jobNotFound(id);
    return job;
  }
}

const jobNotFound = (id: string) => new AppError('JOB.NOT_FOUND', `No deployment job has the id ${id}. List jobs with GET /api/jobs.`);
const invalidState = (reason: string) => new AppError('JOB.INVALID_STATE', reason);
