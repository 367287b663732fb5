import { Body, Controller, Delete, Get, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ApiAuthErrors, ApiErrors, ApiOkPage } from '../openapi/api-responses';
import type { Page } from '../common/http/pagination.dto';
import { PeerListItemDoc, PeerListQuery, type PeerListItemResponse } from './peer-list.dto';
import { UuidPipe } from '../common/http/uuid.pipe';
import { CreatePeerDto, PeerResponseDoc, UpdatePeerDto, type PeerResponse } from './peer.dto';
import type { PeerDetailResponse, RemovalResponse } from '@wom/contracts';
import type { Response } from 'express';
import { DeleteQuery, RemovalResponseDoc } from '../removal/removal.dto';
import { removalAnswer } from '../removal/removal-answer';
import { PeerDetailResponseDoc } from './peer-status.dto';
import { PeerStatusService } from './peer-status.service';
import { PeerService } from './peer.service';

/** Peer management (spec §7.2). */
@ApiTags('peers')
@ApiAuthErrors()
@Controller()
export class PeerController {
  constructor(
    @Inject(PeerService) private readonly service: PeerService,
    @Inject(PeerStatusService) private readonly status: PeerStatusService,
  ) {}

  @ApiOperation({ summary: 'The peers of a WAN, one page at a time: searched, filtered and sorted on the server. Without parameters: oldest first, 50 a page.' })
  @ApiOkPage(PeerListItemDoc, 'One page of peers, with the total matching the filters.')
  @ApiErrors(400, 404)
  @Get('wan/:wanId/peers') @Roles('read-only') list(@Param('wanId', UuidPipe) wanId: string, @Query() query: PeerListQuery): Promise<Page<PeerListItemResponse>> { return this.service.list(wanId, query); }

  @ApiOperation({ summary: 'Adds a peer: allocates its tunnel address and checks its subnets for conflicts.' })
  @ApiCreatedResponse({ type: PeerResponseDoc, description: 'Created.' })
  @ApiErrors(400, 404, 409)
  @Post('wan/:wanId/peers') @Roles('operator') create(@Param('wanId', UuidPipe) wanId: string, @Body() dto: CreatePeerDto): Promise<PeerResponse> { return this.service.create(wanId, dto); }

  @ApiOperation({ summary: 'One peer, with its API reachability and its tunnel state (handshake age per link) told apart: a router is online only while a tunnel has a recent handshake.' })
  @ApiOkResponse({ type: PeerDetailResponseDoc, description: 'The peer.' })
  @ApiErrors(400, 404)
  @Get('peers/:id') @Roles('read-only') get(@Param('id', UuidPipe) id: string): Promise<PeerDetailResponse> { return this.status.detail(id); }

  @ApiOperation({ summary: 'Changes a peer; null clears a nullable field, subnets replaces the whole list.' })
  @ApiOkResponse({ type: PeerResponseDoc, description: 'The peer as changed.' })
  @ApiErrors(400, 404, 409)
  @Put('peers/:id') @Roles('operator') update(@Param('id', UuidPipe) id: string, @Body() dto: UpdatePeerDto): Promise<PeerResponse> { return this.service.update(id, dto); }

  @ApiOperation({
    summary: 'Deletes a peer. A router this product wrote to is undeployed first: 202 with the job, and the peer stays as "removing" until the job has taken every row we wrote off the router.',
  })
  @ApiNoContentResponse({ description: 'Deleted now: nothing of ours was on a device, or keepOnDevice/force was given.' })
  @ApiAcceptedResponse({ type: RemovalResponseDoc, description: 'Being removed: the undeploy job runs; the peer goes when it succeeds (a failed one is retried).' })
  @ApiErrors(400, 404)
  @Delete('peers/:id') @Roles('operator') async delete(@Param('id', UuidPipe) id: string, @Query() query: DeleteQuery, @Res({ passthrough: true }) res: Response): Promise<RemovalResponse | undefined> {
    return removalAnswer(await this.service.delete(id, query), res);
  }
}
