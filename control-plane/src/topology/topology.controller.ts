import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { UuidPipe } from '../common/http/uuid.pipe';
import { ConnectionService } from './connection.service';
import { CreateConnectionDto, type ConnectionResponse, type PeerStatusResponse, type TopologyResponse, type WanStatusResponse } from './topology.dto';
import { TopologyService } from './topology.service';

/** Monitoring (spec §7.8) and the explicit peer connections of hybrid WANs (spec §6.1.5). */
@Controller()
export class TopologyController {
  constructor(
    @Inject(TopologyService) private readonly topology: TopologyService,
    @Inject(ConnectionService) private readonly connections: ConnectionService,
  ) {}

  @Get('wan/:wanId/topology') get(@Param('wanId', UuidPipe) wanId: string): Promise<TopologyResponse> { return this.topology.topology(wanId); }

  @Get('wan/:wanId/status') wanStatus(@Param('wanId', UuidPipe) wanId: string): Promise<WanStatusResponse> { return this.topology.wanStatus(wanId); }

  @Get('peers/:id/status') peerStatus(@Param('id', UuidPipe) id: string): Promise<PeerStatusResponse> { return this.topology.peerStatus(id); }

  @Get('wan/:wanId/connections') listConnections(@Param('wanId', UuidPipe) wanId: string): Promise<ConnectionResponse[]> { return this.connections.list(wanId); }

  @Post('wan/:wanId/connections') connect(@Param('wanId', UuidPipe) wanId: string, @Body() dto: CreateConnectionDto): Promise<ConnectionResponse> { return this.connections.create(wanId, dto); }

  @Delete('connections/:id') @HttpCode(204) disconnect(@Param('id', UuidPipe) id: string): Promise<void> { return this.connections.delete(id); }
}
