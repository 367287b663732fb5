import { IsBoolean, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import type { JobResponse } from '../jobs/job.dto';

const TIMEOUT = { message: 'timeoutSeconds must be a whole number from 1 to 60.' };

export class TestConnectionDto {
  @IsOptional() @IsInt(TIMEOUT) @Min(1, TIMEOUT) @Max(60, TIMEOUT) timeoutSeconds?: number;
}

export class DeployDto {
  /** Apply even when the router's rows differ from what the last deployment left (drift). */
  @IsOptional() @IsBoolean() force?: boolean;
}

export class RollbackDto {
  /** The deployment whose backup to restore; defaults to the peer's latest completed deployment. */
  @IsOptional() @IsUUID('all', { message: 'jobId must be a deployment job id (a UUID).' }) jobId?: string;
}

export class DeployAllDto {
  /** Only peers with mikrotikAutoDeploy on; by default every MikroTik peer of the WAN. */
  @IsOptional() @IsBoolean() onlyAutoDeploy?: boolean;
  @IsOptional() @IsBoolean() force?: boolean;
}

export interface DeployAllResponse {
  readonly wanId: string;
  readonly jobs: readonly JobResponse[];
}
