import { HttpException } from '@nestjs/common';
import { isDomainError } from '@wom/domain';
import { QueryFailedError } from 'typeorm';
import { AppError, type ErrorBody, type ErrorCode } from './app-error';
import { httpStatusOf, isDeliberateServerError, UNIQUE_CONSTRAINT_ERRORS } from './error-status';

export interface ErrorResponse {
  readonly status: number;
  readonly body: ErrorBody;
  /** Set when the error is a bug or an outage, so the caller logs it; client errors are not logged. */
  readonly unexpected?: unknown;
}

/** Every error body has the same shape: `fields` is always there, empty when no field is at fault. */
const respond = (code: ErrorCode, message: string, extra: Omit<ErrorBody, 'code' | 'message'> = {}): ErrorResponse => ({
  status: httpStatusOf(code),
  body: { code, message, fields: [], ...extra },
});

/**
 * Turns anything thrown while serving a request into a status and an error body. Internals
 * (SQL, stack traces, driver messages) never reach the body of a 5xx.
 */
export function toErrorResponse(error: unknown): ErrorResponse {
  const response = knownError(error);
  if (response && response.status >= 500 && !isDeliberateServerError(response.body.code)) return { ...internal(), unexpected: error };
  return response ?? { ...internal(), unexpected: error };
}

const internal = (): ErrorResponse => respond('INTERNAL', 'Something went wrong on the server. Try again; if it persists, report the request id.');

function knownError(error: unknown): ErrorResponse | null {
  if (error instanceof AppError) {
    const { fields, ...rest } = error.details;
    return respond(error.code, error.message, fields ? { fields, ...rest } : rest);
  }
  if (isDomainError(error)) {
    const { field, ...rest } = error.details;
    const fields = field !== undefined ? [{ field, reason: error.message }] : undefined;
    return respond(error.code, error.message, fields ? { fields, ...rest } : rest);
  }
  if (error instanceof QueryFailedError) return fromDatabase(error);
  const bodyParser = bodyParserError(error);
  if (bodyParser) return bodyParser;
  if (error instanceof HttpException) return fromHttpException(error);
  return null;
}

function fromDatabase(error: QueryFailedError): ErrorResponse | null {
  const driverError = error.driverError as { code?: string; constraint?: string } | undefined;
  const known = driverError?.code === '23505' ? UNIQUE_CONSTRAINT_ERRORS[driverError.constraint ?? ''] : undefined;
  if (known) return respond(known.code, known.message, { fields: [{ field: known.field, reason: known.message }] });
  // A row this request referenced vanished concurrently (e.g. its WAN was deleted).
  if (driverError?.code === '23503') return respond('REQUEST.CONFLICT', 'A related record changed or was deleted meanwhile. Reload and try again.');
  return null;
}

/** Express's body parser marks its errors with a `type`; they arrive before any route runs. */
function bodyParserError(error: unknown): ErrorResponse | null {
  const type = (error as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed') return respond('REQUEST.MALFORMED_JSON', 'The request body is not valid JSON. Check quotes, commas and brackets.');
  if (type === 'entity.too.large') {
    const limit = (error as { limit?: unknown }).limit;
    const most = typeof limit === 'number' ? `${limit} bytes, the most the server accepts` : 'the most the server accepts';
    return respond('REQUEST.TOO_LARGE', `The request body is larger than ${most}.`);
  }
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') {
    return respond('REQUEST.UNSUPPORTED_MEDIA_TYPE', 'The request body must be uncompressed UTF-8 JSON with Content-Type: application/json.');
  }
  if (typeof type === 'string' && type.startsWith('entity.')) {
    return respond('HTTP.ERROR', 'The request body could not be read. Send UTF-8 JSON with Content-Type: application/json.');
  }
  return null;
}

function fromHttpException(error: HttpException): ErrorResponse {
  const status = error.getStatus();
  if (status === 404) return respond('ROUTE.NOT_FOUND', 'No such endpoint. Check the path and method.');
  if (status === 503) return respond('SERVICE.UNAVAILABLE', 'The service is not ready. Try again shortly.');
  if (status >= 500) return { ...internal(), unexpected: error };
  return { status, body: { code: 'HTTP.ERROR', message: error.message, fields: [] } };
}
