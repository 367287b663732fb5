import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PaginationQuery } from '../common/http/pagination.dto';
import type { DeploymentJobEntity, MikrotikApiCallLogEntity } from '../database/entities';
import { JOB_STATUSES, JOB_TYPES } from '../database/entities/deployment-job.entity';

export type JobStatus = (typeof JOB_STATUSES)[number];
export type JobType = (typeof JOB_TYPES)[number];

export class JobListQuery extends PaginationQuery {
  @IsOptional() @IsIn(JOB_STATUSES, { message: `status must be one of ${JOB_STATUSES.join(', ')}.` }) status?: JobStatus;
  @IsOptional() @IsIn(JOB_TYPES, { message: `type must be one of ${JOB_TYPES.join(', ')}.` }) type?: JobType;
  @IsOptional() @IsUUID('all', { message: 'peerId must be a peer id (a UUID).' }) peerId?: string;
}

/** A job as the API shows it; the pre-deploy backup stays server-side. */
export interface JobResponse {
  readonly id: string;
  readonly wanId: string | null;
  readonly peerId: string;
  readonly jobType: JobType;
  readonly status: JobStatus;
  readonly progressPercent: number;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly errorMessage: string | null;
  readonly steps: readonly unknown[];
  readonly operationsLog: readonly unknown[];
  readonly result: Record<string, unknown> | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly createdBy: string | null;
}

export function toJobResponse(job: DeploymentJobEntity): JobResponse {
  return {
    id: job.id,
    wanId: job.wanId,
    peerId: job.peerId,
    jobType: job.jobType,
    status: job.status,
    progressPercent: job.progressPercent,
    startedAt: job.startedAt?.toISOString() ?? null,
    completedAt: job.completedAt?.toISOString() ?? null,
    errorMessage: job.errorMessage,
    steps: job.steps,
    operationsLog: job.operationsLog,
    result: job.result,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
    createdBy: job.createdBy,
  };
}

export interface ApiCallLogResponse {
  readonly id: string;
  readonly deploymentJobId: string | null;
  readonly peerId: string;
  readonly method: string;
  readonly endpoint: string;
  readonly requestBody: unknown;
  readonly responseStatus: number | null;
  readonly responseBody: unknown;
  readonly errorMessage: string | null;
  readonly durationMs: number | null;
  readonly timestamp: string;
}

export function toApiCallLogResponse(row: MikrotikApiCallLogEntity): ApiCallLogResponse {
  return {
    id: row.id,
    deploymentJobId: row.deploymentJobId,
    peerId: row.peerId,
    method: row.method,
    endpoint: row.endpoint,
    requestBody: row.requestBody,
    responseStatus: row.responseStatus,
    responseBody: row.responseBody,
    errorMessage: row.errorMessage,
    durationMs: row.durationMs,
    timestamp: row.timestamp.toISOString(),
  };
}
