import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidPipe } from '../common/http/uuid.pipe';
import { ApiAuthErrors, ApiErrors } from '../openapi/api-responses';
import { ConnectionService } from './connection.service';
import { ConnectionResponseDoc, CreateConnectionDto, PeerStatusResponseDoc, TopologyResponseDoc, WanStatusResponseDoc, type ConnectionResponse, type PeerStatusResponse, type TopologyResponse, type WanStatusResponse } from './topology.dto';
import { TopologyService } from './topology.service';

/** Monitoring (spec §7.8) and the explicit peer connections of hybrid WANs (spec §6.1.5). */
@ApiTags('monitoring')
@ApiAuthErrors()
@Controller()
export class TopologyController {
  constructor(
    @Inject(TopologyService) private readonly topology: TopologyService,
    @Inject(ConnectionService) private readonly connections: ConnectionService,
  ) {}

  @ApiOperation({ summary: 'The WAN as a graph: peers as nodes, planned WireGuard links as edges, compile issues.' })
  @ApiOkResponse({ type: TopologyResponseDoc, description: 'The topology.' })
  @ApiErrors(400, 404)
  @Get('wan/:wanId/topology') get(@Param('wanId', UuidPipe) wanId: string): Promise<TopologyResponse> { return this.topology.topology(wanId); }

  @ApiOperation({ summary: 'Counts of a WAN: peers online, services, conflicts, last change.' })
  @ApiOkResponse({ type: WanStatusResponseDoc, description: 'The WAN’s status.' })
  @ApiErrors(400, 404)
  @Get('wan/:wanId/status') wanStatus(@Param('wanId', UuidPipe) wanId: string): Promise<WanStatusResponse> { return this.topology.wanStatus(wanId); }

  @ApiOperation({ summary: 'A peer’s status: online, revisions, and its links with handshake and traffic.' })
  @ApiOkResponse({ type: PeerStatusResponseDoc, description: 'The peer’s status.' })
  @ApiErrors(400, 404)
  @Get('peers/:id/status') peerStatus(@Param('id', UuidPipe) id: string): Promise<PeerStatusResponse> { return this.topology.peerStatus(id); }

  @ApiOperation({ summary: 'The explicit peer connections of a hybrid WAN.' })
  @ApiOkResponse({ type: [ConnectionResponseDoc], description: 'The connections.' })
  @ApiErrors(400, 404)
  @Get('wan/:wanId/connections') listConnections(@Param('wanId', UuidPipe) wanId: string): Promise<ConnectionResponse[]> { return this.connections.list(wanId); }

  @ApiOperation({ summary: 'Connects two peers of a hybrid WAN directly.' })
  @ApiCreatedResponse({ type: ConnectionResponseDoc, description: 'Connected.' })
  @ApiErrors(400, 404, 409)
  @Post('wan/:wanId/connections') connect(@Param('wanId', UuidPipe) wanId: string, @Body() dto: CreateConnectionDto): Promise<ConnectionResponse> { return this.connections.create(wanId, dto); }

  @ApiOperation({ summary: 'Removes an explicit peer connection.' })
  @ApiNoContentResponse({ description: 'Removed.' })
  @ApiErrors(400, 404)
  @Delete('connections/:id') @HttpCode(204) disconnect(@Param('id', UuidPipe) id: string): Promise<void> { return this.connections.delete(id); }
}
