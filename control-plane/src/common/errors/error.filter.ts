import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { toErrorResponse } from './to-error-response';

/** The single exception filter: every error leaves the HTTP API through here. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body, unexpected } = toErrorResponse(error);
    if (unexpected !== undefined) this.logger.error(unexpected instanceof Error ? (unexpected.stack ?? unexpected.message) : String(unexpected));
    if (response.headersSent) return;
    response.status(status).json(body);
  }
}
