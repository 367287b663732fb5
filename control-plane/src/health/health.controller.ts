import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/auth.decorators';
import { AppError } from '../common/errors/app-error';
import { Database } from '../database/database';
import { ApiErrors, ApiPublicOperation } from '../openapi/api-responses';
import { LivenessResponseDoc, ReadinessResponseDoc } from './health.dto';

/** Liveness and readiness for process supervisors and load balancers. */
@ApiTags('monitoring')
@Controller()
@Public()
export class HealthController {
  constructor(@Inject(Database) private readonly database: Database) {}

  /** The process serves requests; says nothing about its dependencies. */
  @ApiPublicOperation({ summary: 'Liveness: the process serves requests (says nothing about its dependencies).' })
  @ApiOkResponse({ type: LivenessResponseDoc, description: 'The process is alive.' })
  @Get('healthz') healthz(): { status: 'ok' } { return { status: 'ok' }; }

  /** Ready when the database answers; a 503 takes the replica out of rotation. */
  @ApiPublicOperation({ summary: 'Readiness: the database answers; a 503 takes the replica out of rotation.' })
  @ApiOkResponse({ type: ReadinessResponseDoc, description: 'Ready to serve.' })
  @ApiErrors(503)
  @Get('readyz') async readyz(): Promise<{ status: 'ok'; checks: { database: 'up' } }> {
    await this.database.ping().catch(() => {
      throw new AppError('SERVICE.UNAVAILABLE', 'The database does not answer.');
    });
    return { status: 'ok', checks: { database: 'up' } };
  }
}
