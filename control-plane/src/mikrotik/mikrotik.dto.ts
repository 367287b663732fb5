import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsUUID, Max, Min, ValidateIf } from 'class-validator';
import { JobResponseDoc, type JobResponse } from '../jobs/job.dto';

const TIMEOUT = { message: 'timeoutSeconds must be a whole number from 1 to 60.' };
const WAIT = { message: 'waitSeconds must be a whole number from 0 to 300.' };

export class TestConnectionDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 60, example: 10, description: 'How long to wait for the router.' })
  @IsOptional() @IsInt(TIMEOUT) @Min(1, TIMEOUT) @Max(60, TIMEOUT) timeoutSeconds?: number;
}

export class DeployDto {
  /**
   * Kept with the job for the record. Every deployment converges the router's overlay rows to
   * the desired state, drift included, so there is nothing it has to be forced past.
   */
  @ApiPropertyOptional({ type: Boolean, example: false, description: 'Kept with the job for the record; every deployment converges the router anyway.' })
  @IsOptional() @IsBoolean() force?: boolean;
}

const ROLLBACK_JOB = { message: 'jobId must be a deployment job id (a UUID); leave it out to restore the backup of the last deployment that changed the router.' };

export class RollbackDto {
  /**
   * The deployment whose backup to restore; by default the last one that changed the router.
   * Absent means the default; null is refused like any other non-id, rather than read as absent.
   */
  @ApiPropertyOptional({ type: String, format: 'uuid', example: 'd290f1ee-6c54-4b01-90e6-d701748f0851', description: 'The deployment (deploy-config or reconcile job of this router) whose backup to restore; by default the last completed one that changed the router (deployments that wrote nothing are skipped).' })
  @ValidateIf((dto: RollbackDto) => dto.jobId !== undefined) @IsUUID('all', ROLLBACK_JOB) jobId?: string;
}

export class DeployAllDto {
  /** Only peers with mikrotikAutoDeploy on; by default every MikroTik peer of the WAN. */
  @ApiPropertyOptional({ type: Boolean, example: false, description: 'Only peers with autoDeploy on; by default every MikroTik peer of the WAN.' }) @IsOptional() @IsBoolean() onlyAutoDeploy?: boolean;
  @ApiPropertyOptional({ type: Boolean, example: false, description: 'Kept with each job for the record.' }) @IsOptional() @IsBoolean() force?: boolean;
  /** Hold the answer until every deployment ended (or this many seconds passed); 0 answers at once. */
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 300, example: 60, description: 'Hold the answer until every deployment ended or this many seconds passed; 0 answers at once (202).' })
  @IsOptional() @IsInt(WAIT) @Min(0, WAIT) @Max(300, WAIT) waitSeconds?: number;
}

/** Which kinds of drift a reconcile corrects (seed 002); removing unknown rows is opt-in. */
export class ReconcileDto {
  @ApiPropertyOptional({ type: Boolean, example: true, description: 'Create rows that are missing. Default true.' }) @IsOptional() @IsBoolean() reconcileMissing?: boolean;
  @ApiPropertyOptional({ type: Boolean, example: true, description: 'Write back fields that differ and move misplaced rules. Default true.' }) @IsOptional() @IsBoolean() reconcileMismatched?: boolean;
  /** Remove rows carrying this peer's comment that the desired state does not have. */
  @ApiPropertyOptional({ type: Boolean, example: false, description: 'Remove rows carrying this peer’s comment that the desired state lacks. Default false.' })
  @IsOptional() @IsBoolean() removeUnknown?: boolean;
}

export interface DeploymentOutcomeLine {
  readonly jobId: string;
  readonly peerId: string;
  readonly peerName: string;
  readonly status: string;
  readonly errorMessage: string | null;
}

/** What deploy-all achieved router by router; `unfinished` lists jobs still pending, running or cancelling. */
export interface DeployAllSummary {
  readonly total: number;
  readonly succeeded: readonly DeploymentOutcomeLine[];
  readonly failed: readonly DeploymentOutcomeLine[];
  readonly unfinished: readonly DeploymentOutcomeLine[];
}

export interface DeployAllResponse {
  readonly wanId: string;
  readonly jobs: readonly JobResponse[];
  readonly summary: DeployAllSummary;
}

export class DeploymentOutcomeLineDoc implements DeploymentOutcomeLine {
  @ApiProperty({ format: 'uuid', example: 'd290f1ee-6c54-4b01-90e6-d701748f0851' }) readonly jobId!: string;
  @ApiProperty({ format: 'uuid', example: '5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d' }) readonly peerId!: string;
  @ApiProperty({ example: 'paris-gw' }) readonly peerName!: string;
  @ApiProperty({ example: 'completed' }) readonly status!: string;
  @ApiProperty({ type: String, nullable: true, example: null }) readonly errorMessage!: string | null;
}

export class DeployAllSummaryDoc implements DeployAllSummary {
  @ApiProperty({ type: 'integer', example: 2 }) readonly total!: number;
  @ApiProperty({ type: () => [DeploymentOutcomeLineDoc] }) readonly succeeded!: readonly DeploymentOutcomeLineDoc[];
  @ApiProperty({ type: () => [DeploymentOutcomeLineDoc] }) readonly failed!: readonly DeploymentOutcomeLineDoc[];
  @ApiProperty({ type: () => [DeploymentOutcomeLineDoc], description: 'Jobs still pending, running or cancelling.' }) readonly unfinished!: readonly DeploymentOutcomeLineDoc[];
}

/** The documented shape of DeployAllResponse. */
export class DeployAllResponseDoc implements DeployAllResponse {
  @ApiProperty({ format: 'uuid', example: '3f0c1a52-6d0e-4c59-9a57-0d1f4a3b2c10' }) readonly wanId!: string;
  @ApiProperty({ type: () => [JobResponseDoc] }) readonly jobs!: readonly JobResponseDoc[];
  @ApiProperty({ type: () => DeployAllSummaryDoc }) readonly summary!: DeployAllSummaryDoc;
}

/** The answer of a WAN-wide drift check: one queued job per router. */
export class WanJobsResponseDoc {
  @ApiProperty({ format: 'uuid', example: '3f0c1a52-6d0e-4c59-9a57-0d1f4a3b2c10' }) readonly wanId!: string;
  @ApiProperty({ type: () => [JobResponseDoc] }) readonly jobs!: readonly JobResponseDoc[];
}

const EXECUTOR_AGENT = { message: "agentId must be a site agent's id (a UUID), or null to run the router's jobs in the control plane." };

/** Which site agent runs a router's jobs; null hands them back to the control plane. */
export class MikrotikExecutorDto {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: 'a3bb189e-8bf9-3888-9912-ace4e6543002', description: "An active agent of the router's WAN that reaches the router; null: the control plane runs the jobs." })
  @ValidateIf((dto: MikrotikExecutorDto) => dto.agentId !== null) @IsUUID('all', EXECUTOR_AGENT) agentId!: string | null;
}

export interface MikrotikExecutorResponse {
  readonly peerId: string;
  readonly agentId: string | null;
}

export class MikrotikExecutorResponseDoc implements MikrotikExecutorResponse {
  @ApiProperty({ type: String, format: 'uuid', example: 'd290f1ee-6c54-4b01-90e6-d701748f0851' }) peerId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: 'a3bb189e-8bf9-3888-9912-ace4e6543002', description: 'The site agent that runs the router’s jobs; null: the control plane.' }) agentId!: string | null;
}
