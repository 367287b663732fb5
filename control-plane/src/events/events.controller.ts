import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { EventsService } from './events.service';

@ApiTags('events')
@Controller('events')
export class EventsController {
  constructor(@Inject(EventsService) private readonly service: EventsService) {}

  @ApiOperation({ summary: 'Live events as server-sent events: peer.status, job.progress, conflict.changed, config.changed; a heartbeat comment every 15 s.' })
  @ApiQuery({ name: 'types', required: false, description: 'Comma-separated event types to receive; all by default.', example: 'config.changed,peer.status' })
  @ApiProduces('text/event-stream')
  @Get() stream(@Req() req: Request, @Res() res: Response): void { this.service.stream(req, res); }
}
