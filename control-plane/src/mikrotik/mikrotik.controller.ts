import { HeavyRoute } from '../rate-limit/rate-limit.decorators';
import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { PaginationQuery, type Page } from '../common/http/pagination.dto';
import { UuidPipe } from '../common/http/uuid.pipe';
import type { ApiCallLogResponse, JobResponse } from '../jobs/job.dto';
import { DeployAllDto, DeployDto, RollbackDto, TestConnectionDto, type DeployAllResponse } from './mikrotik.dto';
import { MikrotikService } from './mikrotik.service';

/** MikroTik endpoints (spec §7.3). 202 means a job was queued; see GET /api/jobs/:id. */
@Controller()
export class MikrotikController {
  constructor(@Inject(MikrotikService) private readonly service: MikrotikService) {}

  @Post('peers/:id/mikrotik/test-connection') @HttpCode(202) testConnection(@Param('id', UuidPipe) id: string, @Body() dto: TestConnectionDto): Promise<JobResponse> { return this.service.testConnection(id, dto); }

  @Post('peers/:id/mikrotik/deploy') @HttpCode(202) deploy(@Param('id', UuidPipe) id: string, @Body() dto: DeployDto): Promise<JobResponse> { return this.service.deploy(id, dto); }

  @Post('peers/:id/mikrotik/rollback') @HttpCode(202) rollback(@Param('id', UuidPipe) id: string, @Body() dto: RollbackDto): Promise<JobResponse> { return this.service.rollback(id, dto); }

  @Post('peers/:id/mikrotik/preview') preview(@Param('id', UuidPipe) id: string, @Body() _dto: DeployDto): Promise<never> { return this.service.requireExecutor(id); }

  @Get('peers/:id/mikrotik/status') status(@Param('id', UuidPipe) id: string): Promise<never> { return this.service.requireExecutor(id); }

  @Get('peers/:id/mikrotik/diff') diff(@Param('id', UuidPipe) id: string): Promise<never> { return this.service.requireExecutor(id); }

  @Get('peers/:id/mikrotik/logs') logs(@Param('id', UuidPipe) id: string, @Query() page: PaginationQuery): Promise<Page<ApiCallLogResponse>> { return this.service.logs(id, page.limit, page.offset); }

  @HeavyRoute() @Post('wan/:wanId/mikrotik/deploy-all') @HttpCode(202) deployAll(@Param('wanId', UuidPipe) wanId: string, @Body() dto: DeployAllDto): Promise<DeployAllResponse> { return this.service.deployAll(wanId, dto); }
}
