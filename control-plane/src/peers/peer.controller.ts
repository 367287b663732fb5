import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { Roles } from '../auth/auth.decorators';
import { PaginationQuery, type Page } from '../common/http/pagination.dto';
import { UuidPipe } from '../common/http/uuid.pipe';
import { CreatePeerDto, UpdatePeerDto, type PeerResponse } from './peer.dto';
import { PeerService } from './peer.service';

/** Peer management (spec §7.2). */
@Controller()
export class PeerController {
  constructor(@Inject(PeerService) private readonly service: PeerService) {}

  @Get('wan/:wanId/peers') @Roles('read-only') list(@Param('wanId', UuidPipe) wanId: string, @Query() page: PaginationQuery): Promise<Page<PeerResponse>> { return this.service.list(wanId, page.limit, page.offset); }

  @Post('wan/:wanId/peers') @Roles('operator') create(@Param('wanId', UuidPipe) wanId: string, @Body() dto: CreatePeerDto): Promise<PeerResponse> { return this.service.create(wanId, dto); }

  @Get('peers/:id') @Roles('read-only') get(@Param('id', UuidPipe) id: string): Promise<PeerResponse> { return this.service.get(id); }

  @Put('peers/:id') @Roles('operator') update(@Param('id', UuidPipe) id: string, @Body() dto: UpdatePeerDto): Promise<PeerResponse> { return this.service.update(id, dto); }

  @Delete('peers/:id') @Roles('operator') @HttpCode(204) delete(@Param('id', UuidPipe) id: string): Promise<void> { return this.service.delete(id); }
}
