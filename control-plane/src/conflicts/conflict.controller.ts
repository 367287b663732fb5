import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ChangesNothing } from '../audit/audit.decorators';
import { UuidPipe } from '../common/http/uuid.pipe';
import { ApiAuthErrors, ApiErrors } from '../openapi/api-responses';
import { CheckConflictsDto, CheckConflictsResponseDoc, ConflictListQuery, ConflictResponseDoc, ResolveConflictDto, ResolveConflictResponseDoc, ResolutionPreviewResponseDoc, type ConflictResponse, type DetectedConflictResponse, type ResolveConflictResponse, type ResolutionPreviewResponse } from './conflict.dto';
import { ConflictService } from './conflict.service';

/** Conflict detection and resolution (spec §7.5). */
@ApiTags('conflicts')
@ApiAuthErrors()
@Controller()
export class ConflictController {
  constructor(@Inject(ConflictService) private readonly service: ConflictService) {}

  @ApiOperation({ summary: 'The subnet conflicts of a WAN: open ones by default.' })
  @ApiOkResponse({ type: [ConflictResponseDoc], description: 'The conflicts.' })
  @ApiErrors(400, 404)
  @Get('wan/:wanId/conflicts') list(@Param('wanId', UuidPipe) wanId: string, @Query() query: ConflictListQuery): Promise<ConflictResponse[]> { return this.service.list(wanId, query); }

  @ApiOperation({ summary: 'Checks a peer’s stored or proposed subnets for conflicts without saving anything.' })
  @ApiOkResponse({ type: CheckConflictsResponseDoc, description: 'The conflicts the subnets would have.' })
  @ApiErrors(400, 404)
  @Post('peers/:id/check-conflicts') @HttpCode(200) @ChangesNothing('checks proposed subnets; nothing is saved') check(@Param('id', UuidPipe) id: string, @Body() dto: CheckConflictsDto): Promise<{ peerId: string; conflicts: DetectedConflictResponse[] }> { return this.service.check(id, dto); }

  @ApiOperation({ summary: 'Previews a resolution without saving: the subnet before and after, the subnets added, and the devices whose configuration changes. Computed by the same plan resolve applies.' })
  @ApiOkResponse({ type: ResolutionPreviewResponseDoc, description: 'What resolve would write.' })
  @ApiErrors(400, 404, 409)
  @Post('conflicts/:id/preview') @HttpCode(200) @ChangesNothing('computes the resolution; nothing is saved') preview(@Param('id', UuidPipe) id: string, @Body() dto: ResolveConflictDto): Promise<ResolutionPreviewResponse> { return this.service.preview(id, dto); }

  @ApiOperation({ summary: 'Resolves a conflict: isolate, NAT-translate, change the network, or route selectively.' })
  @ApiOkResponse({ type: ResolveConflictResponseDoc, description: 'Resolved; the subnets it changed.' })
  @ApiErrors(400, 404, 409)
  @Post('conflicts/:id/resolve') @HttpCode(200) resolve(@Param('id', UuidPipe) id: string, @Body() dto: ResolveConflictDto): Promise<ResolveConflictResponse> { return this.service.resolve(id, dto); }
}
