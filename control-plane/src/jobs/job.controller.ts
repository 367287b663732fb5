import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { PaginationQuery, type Page } from '../common/http/pagination.dto';
import { UuidPipe } from '../common/http/uuid.pipe';
import { JobListQuery, type ApiCallLogResponse, type JobResponse } from './job.dto';
import { JobService } from './job.service';

/** Deployment jobs (spec §7.7). */
@Controller()
export class JobController {
  constructor(@Inject(JobService) private readonly service: JobService) {}

  @Get('jobs') list(@Query() query: JobListQuery): Promise<Page<JobResponse>> { return this.service.list(query); }

  @Get('jobs/:id') get(@Param('id', UuidPipe) id: string): Promise<JobResponse> { return this.service.get(id); }

  @Get('jobs/:id/logs') logs(@Param('id', UuidPipe) id: string, @Query() page: PaginationQuery): Promise<Page<ApiCallLogResponse>> { return this.service.logs(id, page.limit, page.offset); }

  @Post('jobs/:id/cancel') @HttpCode(200) cancel(@Param('id', UuidPipe) id: string): Promise<JobResponse> { return this.service.cancel(id); }

  /** 202: the new job is queued, not run. */
  @Post('jobs/:id/retry') @HttpCode(202) retry(@Param('id', UuidPipe) id: string): Promise<JobResponse> { return this.service.retry(id); }

  @Get('peers/:id/jobs') listForPeer(@Param('id', UuidPipe) id: string, @Query() query: JobListQuery): Promise<Page<JobResponse>> { return this.service.listForPeer(id, query); }
}
