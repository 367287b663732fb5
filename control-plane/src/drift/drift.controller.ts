import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DriftReport } from '@wom/routeros';
import { ApiAuthErrors, ApiErrors } from '../openapi/api-responses';
import { UuidPipe } from '../common/http/uuid.pipe';
import { JobResponseDoc, type JobResponse } from '../jobs/job.dto';
import { ReconcileDto, WanJobsResponseDoc } from '../mikrotik/mikrotik.dto';
import { DriftReportDoc, StoredDriftReportDoc } from '../mikrotik/router-report.dto';
import { HeavyRoute } from '../rate-limit/rate-limit.decorators';
import { FleetDriftPageDoc, FleetDriftQuery } from './drift-fleet.dto';
import { DriftService, type StoredDriftReport } from './drift.service';

/** Drift detection and reconciliation of MikroTik routers (spec §11.2, seed 002). */
@ApiTags('MikroTik')
@ApiAuthErrors()
@Controller()
export class DriftController {
  constructor(@Inject(DriftService) private readonly drift: DriftService) {}

  /** Reads the router now (nothing is written to it) and keeps the report on the peer. */
  @ApiOperation({ summary: 'Checks the router for drift now (reads only) and keeps the report on the peer.' })
  @ApiOkResponse({ type: DriftReportDoc, description: 'The drift report.' })
  @ApiErrors(400, 404, 409, 429, 502)
  @HeavyRoute() @Post('peers/:id/mikrotik/drift') @HttpCode(200) check(@Param('id', UuidPipe) id: string): Promise<DriftReport> { return this.drift.checkNow(id); }

  @ApiOperation({ summary: 'The last drift report kept for the peer.' })
  @ApiOkResponse({ type: StoredDriftReportDoc, description: 'The stored report; report is null before the first check.' })
  @ApiErrors(400, 404, 409)
  @Get('peers/:id/mikrotik/drift') stored(@Param('id', UuidPipe) id: string): Promise<StoredDriftReport> { return this.drift.stored(id); }

  @ApiOperation({ summary: 'Every device of the WAN (routers and agent boxes) with its latest drift by kind and last check, drifted first; one page at a time.' })
  @ApiOkResponse({ type: FleetDriftPageDoc, description: 'One page of devices, with the total matching and the WAN’s drifted count.' })
  @ApiErrors(400, 404)
  @Get('wan/:wanId/drift') fleet(@Param('wanId', UuidPipe) wanId: string, @Query() query: FleetDriftQuery): ReturnType<DriftService['fleet']> { return this.drift.fleet(wanId, query); }

  /** 202: one drift-check job per router of the WAN. */
  @ApiOperation({ summary: 'Queues a drift check of every router of the WAN.' })
  @ApiAcceptedResponse({ type: WanJobsResponseDoc, description: 'One drift-check job per router, queued.' })
  @ApiErrors(400, 404, 429)
  @HeavyRoute() @Post('wan/:id/mikrotik/drift') @HttpCode(202) checkWan(@Param('id', UuidPipe) id: string): Promise<{ wanId: string; jobs: JobResponse[] }> { return this.drift.checkWan(id); }

  /** 202: a reconcile job, with backup and automatic rollback like a deployment. */
  @ApiOperation({ summary: 'Queues a reconcile that corrects the chosen kinds of drift, with backup and automatic rollback.' })
  @ApiAcceptedResponse({ type: JobResponseDoc, description: 'The reconcile job, queued.' })
  @ApiErrors(400, 404, 409, 429)
  @HeavyRoute() @Post('peers/:id/mikrotik/reconcile') @HttpCode(202) reconcile(@Param('id', UuidPipe) id: string, @Body() dto: ReconcileDto): Promise<JobResponse> { return this.drift.reconcile(id, dto); }
}
