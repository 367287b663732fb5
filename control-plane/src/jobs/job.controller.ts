import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PaginationQuery, type Page } from '../common/http/pagination.dto';
import { ApiAuthErrors, ApiErrors, ApiOkPage } from '../openapi/api-responses';
import { UuidPipe } from '../common/http/uuid.pipe';
import { ApiCallLogResponseDoc, JobListItemDoc, JobListQuery, JobResponseDoc, type ApiCallLogResponse, type JobListItemResponse, type JobResponse } from './job.dto';
import { JobService } from './job.service';

/** Deployment jobs (spec §7.7). */
@ApiTags('jobs')
@ApiAuthErrors()
@Controller()
export class JobController {
  constructor(@Inject(JobService) private readonly service: JobService) {}

  @ApiOperation({ summary: 'Deployment jobs, newest first (or as sorted), filtered by status, type, peer and WAN; each row carries its router’s and WAN’s names.' })
  @ApiOkPage(JobListItemDoc, 'One page of jobs, with the total matching the filters.')
  @ApiErrors(400)
  @Get('jobs') list(@Query() query: JobListQuery): Promise<Page<JobListItemResponse>> { return this.service.list(query); }

  @ApiOperation({ summary: 'One job with its steps and progress.' })
  @ApiOkResponse({ type: JobResponseDoc, description: 'The job.' })
  @ApiErrors(400, 404)
  @Get('jobs/:id') get(@Param('id', UuidPipe) id: string): Promise<JobResponse> { return this.service.get(id); }

  @ApiOperation({ summary: 'The router API calls a job made, secrets redacted.' })
  @ApiOkPage(ApiCallLogResponseDoc, 'One page of calls.')
  @ApiErrors(400, 404)
  @Get('jobs/:id/logs') logs(@Param('id', UuidPipe) id: string, @Query() page: PaginationQuery): Promise<Page<ApiCallLogResponse>> { return this.service.logs(id, page.limit, page.offset); }

  @ApiOperation({ summary: 'Cancels a pending job, or starts cancelling a running one: it is `cancelling` while it rolls back, then `cancelled` (409 once it ended or while it is cancelling).' })
  @ApiOkResponse({ type: JobResponseDoc, description: 'The job: cancelled if it was pending, cancelling if it was running.' })
  @ApiErrors(400, 404, 409)
  @Post('jobs/:id/cancel') @HttpCode(200) cancel(@Param('id', UuidPipe) id: string): Promise<JobResponse> { return this.service.cancel(id); }

  /** 202: the new job is queued, not run. */
  @ApiOperation({ summary: 'Queues a new attempt of a failed or cancelled job.' })
  @ApiAcceptedResponse({ type: JobResponseDoc, description: 'The new job, queued.' })
  @ApiErrors(400, 404, 409)
  @Post('jobs/:id/retry') @HttpCode(202) retry(@Param('id', UuidPipe) id: string): Promise<JobResponse> { return this.service.retry(id); }

  @ApiOperation({ summary: 'The jobs of one peer, newest first.' })
  @ApiOkPage(JobListItemDoc, 'One page of jobs.')
  @ApiErrors(400, 404)
  @Get('peers/:id/jobs') listForPeer(@Param('id', UuidPipe) id: string, @Query() query: JobListQuery): Promise<Page<JobListItemResponse>> { return this.service.listForPeer(id, query); }
}
