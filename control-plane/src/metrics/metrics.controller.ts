import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiAuthErrors } from '../openapi/api-responses';
import { MetricsService } from './metrics.service';

@ApiTags('monitoring')
@ApiAuthErrors()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(MetricsService) private readonly service: MetricsService) {}

  @ApiOperation({ summary: 'Prometheus metrics: process, HTTP request durations, WAN and peer counts.' })
  @ApiProduces('text/plain')
  @ApiResponse({ status: 200, description: 'Prometheus text exposition format 0.0.4.', content: { 'text/plain': { schema: { type: 'string' }, example: '# TYPE wom_peers gauge\nwom_peers{wan="corp-wan"} 5\n' } } })
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @Get() scrape(): Promise<string> { return this.service.scrape(); }
}
