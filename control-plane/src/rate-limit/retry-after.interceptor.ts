import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { catchError, throwError, type Observable } from 'rxjs';
import { AppError } from '../common/errors/app-error';

/** Any AppError carrying `retryAfterSeconds` (e.g. a login lockout) also sets `Retry-After`. */
@Injectable()
export class RetryAfterInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        const seconds = error instanceof AppError ? error.details['retryAfterSeconds'] : undefined;
        if (typeof seconds === 'number' && context.getType() === 'http') {
          context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(seconds));
        }
        return throwError(() => error);
      }),
    );
  }
}
