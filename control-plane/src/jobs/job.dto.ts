import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PaginationQuery } from '../common/http/pagination.dto';
import type { DeploymentJobEntity, MikrotikApiCallLogEntity } from '../database/entities';
import { JOB_STATUSES, JOB_TYPES } from '../database/entities/deployment-job.entity';
import { JOB_SORT_FIELDS, sortValues, type ApiCallLogResponse, type JobListItemResponse, type JobResponse, type JobSortField } from '@wom/contracts';

export type { ApiCallLogResponse, JobListItemResponse, JobResponse };

export type JobStatus = (typeof JOB_STATUSES)[number];
export type JobType = (typeof JOB_TYPES)[number];

export const JOB_SORTS = sortValues(JOB_SORT_FIELDS);
export type JobSort = JobSortField | `-${JobSortField}`;
/** The job monitor shows what just happened first. */
export const DEFAULT_JOB_SORT: JobSort = '-createdAt';

/** `GET /api/jobs` (and a peer's jobs) filters, combined with AND. */
export class JobListQuery extends PaginationQuery {
  @ApiPropertyOptional({ enum: JOB_STATUSES, example: 'failed' })
  @IsOptional() @IsIn(JOB_STATUSES, { message: `status must be one of ${JOB_STATUSES.join(', ')}.` }) status?: JobStatus;
  @ApiPropertyOptional({ enum: JOB_TYPES, example: 'deploy-config' })
  @IsOptional() @IsIn(JOB_TYPES, { message: `type must be one of ${JOB_TYPES.join(', ')}.` }) type?: JobType;
  @ApiPropertyOptional({ type: String, format: 'uuid', example: '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d' })
  @IsOptional() @IsUUID('all', { message: 'peerId must be a peer id (a UUID).' }) peerId?: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', example: '3f0c1a52-6d0e-4c59-9a57-0d1f4a3b2c10', description: 'Only the jobs of this WAN.' })
  @IsOptional() @IsUUID('all', { message: 'wanId must be a WAN id (a UUID).' }) wanId?: string;
  @ApiPropertyOptional({ enum: JOB_SORTS, default: DEFAULT_JOB_SORT, example: '-updatedAt', description: 'A leading `-` sorts descending; newest created first by default.' })
  @IsOptional() @IsIn(JOB_SORTS, { message: `sort must be one of ${JOB_SORTS.join(', ')}.` }) sort: JobSort = DEFAULT_JOB_SORT;
}

const FREE_FORM = { type: 'object', additionalProperties: true } as const;

/** The documented shape of JobResponse. */
export class JobResponseDoc implements JobResponse {
  @ApiProperty({ format: 'uuid', example: 'd290f1ee-6c54-4b01-90e6-d701748f0851' }) readonly id!: string;
  @ApiProperty({ type: String, nullable: true, example: '3f0c1a52-6d0e-4c59-9a57-0d1f4a3b2c10' }) readonly wanId!: string | null;
  @ApiProperty({ format: 'uuid', example: '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d' }) readonly peerId!: string;
  @ApiProperty({ enum: JOB_TYPES, example: 'deploy-config' }) readonly jobType!: JobType;
  @ApiProperty({ enum: JOB_STATUSES, example: 'pending', description: '`cancelling`: cancelled while running, still rolling back what it applied; it ends `cancelled` with the rollback in `result`.' }) readonly status!: JobStatus;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100, example: 0 }) readonly progressPercent!: number;
  @ApiProperty({ type: String, nullable: true, example: null }) readonly startedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) readonly completedAt!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null }) readonly errorMessage!: string | null;
  @ApiProperty({ type: String, nullable: true, example: null, description: 'Why it did not complete: JOB.CANCELLED (a user), JOB.LEASE_LOST, CONTROL_PLANE.STOPPING, AGENT.STOPPING, AGENT.RESTARTED, AGENT.SILENT, AGENT.NOT_TAKEN_UP, or the engine’s ROUTEROS.* / DEPLOY.* code; null when it did.' })
  readonly errorCode!: string | null;
  @ApiProperty({ type: 'array', items: { ...FREE_FORM, description: 'A step: name, status, startedAt, finishedAt, detail.' }, example: [{ name: 'preflight', status: 'succeeded', startedAt: '2026-01-31T12:00:00.000Z', finishedAt: '2026-01-31T12:00:00.000Z', detail: 'router reachable' }] })
  readonly steps!: readonly unknown[];
  @ApiProperty({ type: 'array', items: { ...FREE_FORM, description: 'One logged operation (secrets redacted).' }, example: [] }) readonly operationsLog!: readonly unknown[];
  @ApiProperty({ ...FREE_FORM, nullable: true, description: 'The job type’s outcome (deployment result, drift report, connection test); null until it ends.', example: null })
  readonly result!: Record<string, unknown> | null;
  @ApiProperty({ ...FREE_FORM, description: 'What the job was asked to do.', example: { force: false } }) readonly parameters!: Record<string, unknown>;
  @ApiProperty({ type: 'integer', example: 1 }) readonly attempt!: number;
  @ApiProperty({ type: String, nullable: true, example: null }) readonly retryOfJobId!: string | null;
  @ApiProperty({ example: false, description: 'A backup of the router’s managed rows was taken (it stays server-side).' }) readonly hasBackup!: boolean;
  @ApiProperty({ example: '2026-01-31T12:00:00.000Z' }) readonly createdAt!: string;
  @ApiProperty({ example: '2026-01-31T12:00:00.000Z' }) readonly updatedAt!: string;
  @ApiProperty({ type: String, nullable: true, example: 'alice' }) readonly createdBy!: string | null;
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
    errorCode: job.errorCode,
    steps: job.steps,
    operationsLog: job.operationsLog,
    result: job.result,
    parameters: job.parameters,
    attempt: job.attempt,
    retryOfJobId: job.retryOfJobId,
    hasBackup: job.backup !== null,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
    createdBy: job.createdBy,
  };
}

/** The documented shape of JobListItemResponse. */
export class JobListItemDoc extends JobResponseDoc implements JobListItemResponse {
  @ApiProperty({ example: 'paris-office', description: 'The name of the router or device the job works on.' }) readonly peerName!: string;
  @ApiProperty({ type: String, nullable: true, example: 'production', description: 'The name of the job’s WAN; null for a job of no WAN.' }) readonly wanName!: string | null;
}

/** A job row of a list; its peer and WAN come joined, so their names cost no further query. */
export function toJobListItem(job: DeploymentJobEntity): JobListItemResponse {
  return { ...toJobResponse(job), peerName: job.peer?.name ?? '', wanName: job.wan?.name ?? null };
}

/** The documented shape of ApiCallLogResponse. */
export class ApiCallLogResponseDoc implements ApiCallLogResponse {
  @ApiProperty({ format: 'uuid', example: '6fa459ea-ee8a-4ca4-894e-db77e160355e' }) readonly id!: string;
  @ApiProperty({ type: String, nullable: true, example: 'd290f1ee-6c54-4b01-90e6-d701748f0851' }) readonly deploymentJobId!: string | null;
  @ApiProperty({ format: 'uuid', example: '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d' }) readonly peerId!: string;
  @ApiProperty({ example: 'PATCH' }) readonly method!: string;
  @ApiProperty({ example: '/rest/interface/wireguard/*1' }) readonly endpoint!: string;
  @ApiProperty({ ...FREE_FORM, description: 'The JSON sent, secrets redacted; null for reads.', nullable: true, example: { 'listen-port': '51820' } }) readonly requestBody!: unknown;
  @ApiProperty({ type: 'integer', nullable: true, example: 200 }) readonly responseStatus!: number | null;
  @ApiProperty({ ...FREE_FORM, description: 'The JSON answered (an object or a list of rows), secrets redacted.', nullable: true, example: { '.id': '*1' } }) readonly responseBody!: unknown;
  @ApiProperty({ type: String, nullable: true, example: null }) readonly errorMessage!: string | null;
  @ApiProperty({ type: 'integer', nullable: true, example: 42 }) readonly durationMs!: number | null;
  @ApiProperty({ example: '2026-01-31T12:00:00.000Z' }) readonly timestamp!: string;
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
