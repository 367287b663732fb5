import { Controller, Get, Inject } from '@nestjs/common';
import { Public } from '../auth/auth.decorators';
import { AppError } from '../common/errors/app-error';
import { Database } from '../database/database';

/** Liveness and readiness for process supervisors and load balancers. */
@Controller()
@Public()
export class HealthController {
  constructor(@Inject(Database) private readonly database: Database) {}

  /** The process serves requests; says nothing about its dependencies. */
  @Get('healthz') healthz(): { status: 'ok' } { return { status: 'ok' }; }

  /** Ready when the database answers; a 503 takes the replica out of rotation. */
  @Get('readyz') async readyz(): Promise<{ status: 'ok'; checks: { database: 'up' } }> {
    await this.database.ping().catch(() => {
      throw new AppError('SERVICE.UNAVAILABLE', 'The database does not answer.');
    });
    return { status: 'ok', checks: { database: 'up' } };
  }
}
