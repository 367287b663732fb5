import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';

/** `GET /api/events` options. */
export class EventsQuery {
  @ApiPropertyOptional({ type: String, maxLength: 200, example: 'router.health,link.stats', description: 'Comma-separated event types to receive. By default every type except router.health and link.stats (one per router read), which come only when named.' })
  @IsOptional() @IsString({ message: 'types must be a comma-separated list of event types.' }) @MaxLength(200, { message: 'types must be at most 200 characters.' }) types?: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', example: '3f0c1a52-6d0e-4c59-9a57-0d1f4a3b2c10', description: 'Only the events of this WAN: those of other WANs, and jobs of no WAN, are left out.' })
  @IsOptional() @IsUUID('all', { message: 'wanId must be a WAN id (a UUID).' }) wanId?: string;
}
