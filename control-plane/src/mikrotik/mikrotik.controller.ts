import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { DeploymentPreview } from '@wom/routeros';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiAuthErrors, ApiErrors, ApiOkPage } from '../openapi/api-responses';
import { PaginationQuery, type Page } from '../common/http/pagination.dto';
import { ChangesNothing } from '../audit/audit.decorators';
import { UuidPipe } from '../common/http/uuid.pipe';
import { ApiCallLogResponseDoc, JobResponseDoc, type ApiCallLogResponse, type JobResponse } from '../jobs/job.dto';
import { HeavyRoute } from '../rate-limit/rate-limit.decorators';
import { DeployAllDto, DeployAllResponseDoc, DeployDto, MikrotikExecutorDto, MikrotikExecutorResponseDoc, RollbackDto, TestConnectionDto, type DeployAllResponse, type MikrotikExecutorResponse } from './mikrotik.dto';
import { DeploymentDiffDoc, DeploymentPreviewDoc, RouterStatusDoc } from './router-report.dto';
import { MikrotikService } from './mikrotik.service';
import { RollbackPreviewDoc } from './rollback-preview.dto';
import type { RollbackPreview } from './rollback-target';
import { RouterExecutorService } from './router-executor.service';

/** MikroTik endpoints (spec §7.3). 202 means a job was queued; see GET /api/jobs/:id. */
@ApiTags('MikroTik')
@ApiAuthErrors()
@Controller()
export class MikrotikController {
  constructor(
    @Inject(MikrotikService) private readonly service: MikrotikService,
    @Inject(RouterExecutorService) private readonly executors: RouterExecutorService,
  ) {}

  @ApiOperation({ summary: 'Assigns the router to the site agent that runs its jobs (it reaches the router; the control plane may not); null hands them back.' })
  @ApiOkResponse({ type: MikrotikExecutorResponseDoc, description: 'The assignment now in force.' })
  @ApiErrors(400, 404, 409)
  @Post('peers/:id/mikrotik/executor') @HttpCode(200) assignExecutor(@Param('id', UuidPipe) id: string, @Body() dto: MikrotikExecutorDto): Promise<MikrotikExecutorResponse> { return this.executors.assign(id, dto.agentId); }

  @ApiOperation({ summary: 'Queues a connection test of the router’s REST API (identity, version, WireGuard support).' })
  @ApiAcceptedResponse({ type: JobResponseDoc, description: 'The test-connection job, queued.' })
  @ApiErrors(400, 404, 409)
  @Post('peers/:id/mikrotik/test-connection') @HttpCode(202) testConnection(@Param('id', UuidPipe) id: string, @Body() dto: TestConnectionDto): Promise<JobResponse> { return this.service.testConnection(id, dto); }

  @ApiOperation({ summary: 'Queues a deployment: backup, apply, verify, automatic rollback on failure.' })
  @ApiAcceptedResponse({ type: JobResponseDoc, description: 'The deploy-config job, queued.' })
  @ApiErrors(400, 404, 409)
  @Post('peers/:id/mikrotik/deploy') @HttpCode(202) deploy(@Param('id', UuidPipe) id: string, @Body() dto: DeployDto): Promise<JobResponse> { return this.service.deploy(id, dto); }

  @ApiOperation({ summary: 'Queues a restore of the backup a deployment took: the one named by jobId, else the last deployment that changed the router.' })
  @ApiAcceptedResponse({ type: JobResponseDoc, description: 'The rollback job, queued.' })
  @ApiErrors(400, 404, 409)
  @Post('peers/:id/mikrotik/rollback') @HttpCode(202) rollback(@Param('id', UuidPipe) id: string, @Body() dto: RollbackDto): Promise<JobResponse> { return this.service.rollback(id, dto); }

  @ApiOperation({ summary: 'Shows which deployment’s backup a rollback would restore and the rows it holds, chosen exactly as rollback chooses; writes nothing.' })
  @ApiOkResponse({ type: RollbackPreviewDoc, description: 'The backup a rollback would restore.' })
  @ApiErrors(400, 404, 409)
  @Post('peers/:id/mikrotik/rollback/preview') @HttpCode(200) @ChangesNothing('names the backup a rollback would restore') previewRollback(@Param('id', UuidPipe) id: string, @Body() dto: RollbackDto): Promise<RollbackPreview> { return this.service.previewRollback(id, dto); }

  @ApiOperation({ summary: 'Queues a check that the router holds the desired configuration.' })
  @ApiAcceptedResponse({ type: JobResponseDoc, description: 'The verify job, queued.' })
  @ApiErrors(400, 404, 409)
  @Post('peers/:id/mikrotik/verify') @HttpCode(202) verify(@Param('id', UuidPipe) id: string): Promise<JobResponse> { return this.service.verify(id); }

  /** Reads the router; changes nothing on it. 200, not 201: nothing is created. */
  @ApiOperation({ summary: 'Reads the router and shows what a deployment would change and the exact calls; writes nothing.' })
  @ApiOkResponse({ type: DeploymentPreviewDoc, description: 'The planned changes.' })
  @ApiErrors(400, 404, 409, 502)
  @Post('peers/:id/mikrotik/preview') @HttpCode(200) @ChangesNothing('reads the router; writes nothing') preview(@Param('id', UuidPipe) id: string, @Body() _dto: DeployDto): Promise<DeploymentPreview> { return this.service.preview(id); }

  @ApiOperation({ summary: 'Reads the router and shows what deleting this peer would take off it (its undeploy): exactly the rows this product wrote, as calls; writes nothing.' })
  @ApiOkResponse({ type: DeploymentPreviewDoc, description: 'The planned removals.' })
  @ApiErrors(400, 404, 409, 502)
  @Get('peers/:id/mikrotik/removal-preview') removalPreview(@Param('id', UuidPipe) id: string): Promise<DeploymentPreview> { return this.service.previewRemoval(id); }

  @ApiOperation({ summary: 'Reads the router now: connection, identity, resources and WireGuard peer counters.' })
  @ApiOkResponse({ type: RouterStatusDoc, description: 'The router’s live status.' })
  @ApiErrors(400, 404, 409, 502)
  @Get('peers/:id/mikrotik/status') status(@Param('id', UuidPipe) id: string): Promise<Record<string, unknown>> { return this.service.status(id); }

  @ApiOperation({ summary: 'The row-by-row difference between the router and the desired configuration.' })
  @ApiOkResponse({ type: DeploymentDiffDoc, description: 'The difference.' })
  @ApiErrors(400, 404, 409, 502)
  @Get('peers/:id/mikrotik/diff') diff(@Param('id', UuidPipe) id: string): Promise<Pick<DeploymentPreview, 'peerId' | 'menus' | 'conflicts' | 'summary'>> { return this.service.diff(id); }

  @ApiOperation({ summary: 'The router API calls made for this peer, newest first, secrets redacted.' })
  @ApiOkPage(ApiCallLogResponseDoc, 'One page of calls.')
  @ApiErrors(400, 404)
  @Get('peers/:id/mikrotik/logs') logs(@Param('id', UuidPipe) id: string, @Query() page: PaginationQuery): Promise<Page<ApiCallLogResponse>> { return this.service.logs(id, page.limit, page.offset); }

  /** 202 while deployments are still running; 200 when `waitSeconds` saw every one of them end. */
  @ApiOperation({ summary: 'Queues a deployment to every MikroTik router of the WAN, optionally waiting for them to end.' })
  @ApiAcceptedResponse({ type: DeployAllResponseDoc, description: 'Deployments queued or still running.' })
  @ApiOkResponse({ type: DeployAllResponseDoc, description: 'waitSeconds saw every deployment end.' })
  @ApiErrors(400, 404, 429)
  @HeavyRoute() @Post('wan/:wanId/mikrotik/deploy-all') async deployAll(@Param('wanId', UuidPipe) wanId: string, @Body() dto: DeployAllDto, @Res({ passthrough: true }) res: Response): Promise<DeployAllResponse> {
    const answer = await this.service.deployAll(wanId, dto);
    res.status((dto.waitSeconds ?? 0) > 0 && answer.summary.unfinished.length === 0 ? 200 : 202);
    return answer;
  }
}
