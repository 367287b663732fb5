import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { UuidPipe } from '../common/http/uuid.pipe';
import { CheckConflictsDto, ConflictListQuery, ResolveConflictDto, type ConflictResponse, type DetectedConflictResponse, type ResolveConflictResponse } from './conflict.dto';
import { ConflictService } from './conflict.service';

/** Conflict detection and resolution (spec §7.5). */
@Controller()
export class ConflictController {
  constructor(@Inject(ConflictService) private readonly service: ConflictService) {}

  @Get('wan/:wanId/conflicts') list(@Param('wanId', UuidPipe) wanId: string, @Query() query: ConflictListQuery): Promise<ConflictResponse[]> { return this.service.list(wanId, query); }

  @Post('peers/:id/check-conflicts') @HttpCode(200) check(@Param('id', UuidPipe) id: string, @Body() dto: CheckConflictsDto): Promise<{ peerId: string; conflicts: DetectedConflictResponse[] }> { return this.service.check(id, dto); }

  @Post('conflicts/:id/resolve') @HttpCode(200) resolve(@Param('id', UuidPipe) id: string, @Body() dto: ResolveConflictDto): Promise<ResolveConflictResponse> { return this.service.resolve(id, dto); }
}
