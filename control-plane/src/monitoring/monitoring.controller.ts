import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidPipe } from '../common/http/uuid.pipe';
import { ApiAuthErrors, ApiErrors } from '../openapi/api-responses';
import { RouterHealthResponseDoc, WanLinksResponseDoc, type RouterHealthResponse, type WanLinksResponse } from './router-health.dto';
import { RouterHealthService } from './router-health.service';

/** Live router health and link statistics (spec §7.8, §11.1), as last read; no route here calls a router. */
@ApiTags('monitoring')
@ApiAuthErrors()
@Controller()
export class MonitoringController {
  constructor(@Inject(RouterHealthService) private readonly service: RouterHealthService) {}

  @ApiOperation({ summary: 'A router’s last health reading (CPU, memory, uptime, version, board, when read) and each link’s handshake age and traffic; stored, no call to the router.' })
  @ApiOkResponse({ type: RouterHealthResponseDoc, description: 'The router’s health and links.' })
  @ApiErrors(400, 404, 409)
  @Get('peers/:id/mikrotik/health') health(@Param('id', UuidPipe) id: string): Promise<RouterHealthResponse> { return this.service.health(id); }

  @ApiOperation({ summary: 'Every link of the WAN with its last handshake age and traffic, as the routers reported them.' })
  @ApiOkResponse({ type: WanLinksResponseDoc, description: 'The WAN’s links.' })
  @ApiErrors(400, 404)
  @Get('wan/:wanId/links') links(@Param('wanId', UuidPipe) wanId: string): Promise<WanLinksResponse> { return this.service.wanLinks(wanId); }
}
