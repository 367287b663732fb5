import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ApiAuthErrors, ApiErrors, ApiOkPage } from '../openapi/api-responses';
import { PaginationQuery, type Page } from '../common/http/pagination.dto';
import { UuidPipe } from '../common/http/uuid.pipe';
import { CreatePeerDto, PeerResponseDoc, UpdatePeerDto, type PeerResponse } from './peer.dto';
import { PeerService } from './peer.service';

/** Peer management (spec §7.2). */
@ApiTags('peers')
@ApiAuthErrors()
@Controller()
export class PeerController {
  constructor(@Inject(PeerService) private readonly service: PeerService) {}

  @ApiOperation({ summary: 'The peers of a WAN, one page at a time.' })
  @ApiOkPage(PeerResponseDoc, 'One page of peers.')
  @ApiErrors(400, 404)
  @Get('wan/:wanId/peers') @Roles('read-only') list(@Param('wanId', UuidPipe) wanId: string, @Query() page: PaginationQuery): Promise<Page<PeerResponse>> { return this.service.list(wanId, page.limit, page.offset); }

  @ApiOperation({ summary: 'Adds a peer: allocates its tunnel address and checks its subnets for conflicts.' })
  @ApiCreatedResponse({ type: PeerResponseDoc, description: 'Created.' })
  @ApiErrors(400, 404, 409)
  @Post('wan/:wanId/peers') @Roles('operator') create(@Param('wanId', UuidPipe) wanId: string, @Body() dto: CreatePeerDto): Promise<PeerResponse> { return this.service.create(wanId, dto); }

  @ApiOperation({ summary: 'One peer.' })
  @ApiOkResponse({ type: PeerResponseDoc, description: 'The peer.' })
  @ApiErrors(400, 404)
  @Get('peers/:id') @Roles('read-only') get(@Param('id', UuidPipe) id: string): Promise<PeerResponse> { return this.service.get(id); }

  @ApiOperation({ summary: 'Changes a peer; null clears a nullable field, subnets replaces the whole list.' })
  @ApiOkResponse({ type: PeerResponseDoc, description: 'The peer as changed.' })
  @ApiErrors(400, 404, 409)
  @Put('peers/:id') @Roles('operator') update(@Param('id', UuidPipe) id: string, @Body() dto: UpdatePeerDto): Promise<PeerResponse> { return this.service.update(id, dto); }

  @ApiOperation({ summary: 'Deletes a peer and frees its addresses.' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors(400, 404)
  @Delete('peers/:id') @Roles('operator') @HttpCode(204) delete(@Param('id', UuidPipe) id: string): Promise<void> { return this.service.delete(id); }
}
