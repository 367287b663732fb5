import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ApiAuthErrors, ApiErrors } from '../openapi/api-responses';
import { EventsQuery } from './events.dto';
import { EventsService } from './events.service';

@ApiTags('events')
@ApiAuthErrors()
@Controller('events')
export class EventsController {
  constructor(@Inject(EventsService) private readonly service: EventsService) {}

  @ApiOperation({ summary: 'Live events as server-sent events: peer.status, job.progress, conflict.changed, config.changed, and on request router.health and link.stats; a heartbeat comment every 15 s.' })
  @ApiProduces('text/event-stream')
  @ApiResponse({ status: 200, description: 'A never-ending stream of server-sent events; each data line is one JSON event.', content: { 'text/event-stream': { schema: { type: 'string' }, example: 'event: config.changed\ndata: {"wanId":"3f0c1a52-6d0e-4c59-9a57-0d1f4a3b2c10","peerIds":["5a1d7c3e-2b4f-4e6a-9c8d-1f2e3a4b5c6d"],"at":"2026-01-31T12:00:00.000Z"}\n\n' } } })
  @ApiErrors(400)
  @Get() stream(@Query() query: EventsQuery, @Req() req: Request, @Res() res: Response): void { this.service.stream(req, res, query); }
}
