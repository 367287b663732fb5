import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PaginationQuery, type Page } from '../common/http/pagination.dto';
import { ApiAuthErrors, ApiErrors, ApiOkPage } from '../openapi/api-responses';
import { UuidPipe } from '../common/http/uuid.pipe';
import { HistoryDiffQuery, HistoryDiffResponse, HistoryVersionResponse } from './history.dto';
import { HistoryService } from './history.service';

/** Configuration history (spec §6.1.6, §9.4). */
@ApiTags('configuration history')
@ApiAuthErrors()
@Controller('peers/:id/history')
export class HistoryController {
  constructor(@Inject(HistoryService) private readonly service: HistoryService) {}

  @ApiOperation({ summary: "A peer's generated configuration versions, newest first." })
  @ApiOkPage(HistoryVersionResponse, 'One page of versions.')
  @ApiErrors(400, 404)
  @Get() list(@Param('id', UuidPipe) id: string, @Query() page: PaginationQuery): Promise<Page<HistoryVersionResponse>> { return this.service.list(id, page.limit, page.offset); }

  @ApiOperation({ summary: 'A line diff between two versions of a peer’s configuration.' })
  @ApiOkResponse({ type: HistoryDiffResponse, description: 'The diff.' })
  @ApiErrors(400, 404)
  @Get('diff') diff(@Param('id', UuidPipe) id: string, @Query() query: HistoryDiffQuery): Promise<HistoryDiffResponse> { return this.service.diff(id, query.from.toLowerCase(), query.to.toLowerCase()); }

  @ApiOperation({ summary: 'One configuration version.' })
  @ApiOkResponse({ type: HistoryVersionResponse, description: 'The version.' })
  @ApiErrors(400, 404)
  @Get(':versionId') get(@Param('id', UuidPipe) id: string, @Param('versionId', UuidPipe) versionId: string): Promise<HistoryVersionResponse> { return this.service.get(id, versionId); }

  @ApiOperation({ summary: 'Records that this version (and the files generated with it) was applied by hand; clears pendingManualApplication.' })
  @ApiOkResponse({ type: HistoryVersionResponse, description: 'The version, marked applied.' })
  @ApiErrors(400, 404)
  @Post(':versionId/mark-applied') @HttpCode(200) markApplied(@Param('id', UuidPipe) id: string, @Param('versionId', UuidPipe) versionId: string): Promise<HistoryVersionResponse> { return this.service.markApplied(id, versionId); }
}
