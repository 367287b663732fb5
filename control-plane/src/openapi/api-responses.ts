import { applyDecorators, type Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiResponse, getSchemaPath, type ApiOperationOptions } from '@nestjs/swagger';
import { MAX_PAGE_SIZE } from '../common/http/pagination.dto';
import { ErrorResponseDoc } from './error-response.doc';

export type DocumentedErrorStatus = 400 | 401 | 403 | 404 | 409 | 410 | 429 | 501 | 502 | 503;

const ERROR_DESCRIPTIONS: Readonly<Record<DocumentedErrorStatus, string>> = {
  400: 'Invalid request: `fields` names each field at fault.',
  401: 'Not authenticated: send Authorization: Bearer <access token or API key>.',
  403: 'Authenticated, but the role is too low (or a one-time password must be changed first).',
  404: 'The resource (or one it refers to) does not exist.',
  409: 'The request conflicts with the current state (a name taken, a range in use, a wrong state).',
  410: 'The resource existed but can never be used again.',
  429: 'Too many requests: wait for Retry-After seconds.',
  501: 'Not available in this deployment.',
  502: 'A router or upstream system did not answer as expected.',
  503: 'A dependency (database, NATS) is unavailable.',
};

/**
 * Documents the error answers a route can give, all with the shared `{ code, message, fields }`
 * schema. 401 and 403 are added for every authenticated route by `ApiAuthErrors`, so list the
 * route's own statuses here.
 */
export function ApiErrors(...statuses: DocumentedErrorStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ErrorResponseDoc),
    // Content is spelled out rather than `type`, so a text or binary route's @ApiProduces does not
    // relabel its errors: they are JSON whatever the success answer is.
    ...statuses.map((status) => ApiResponse({ status, description: ERROR_DESCRIPTIONS[status], content: { 'application/json': { schema: { $ref: getSchemaPath(ErrorResponseDoc) } } } })),
  );
}

/** The 401/403 of a controller whose routes all need a principal. */
export const ApiAuthErrors = (): MethodDecorator & ClassDecorator => ApiErrors(401, 403);

/**
 * A route the AuthGuard lets through without a principal (`@Public()`): clears the document's
 * global bearer requirement for this operation only.
 */
export const ApiPublicOperation = (options: ApiOperationOptions & { summary: string }): MethodDecorator => ApiOperation({ ...options, security: [] });

/** 200 with `{ items, total, limit, offset }`, the answer of every paginated list. */
export function ApiOkPage(item: Type<unknown>, description?: string): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(item),
    ApiOkResponse({
      description: description ?? 'One page of results.',
      schema: {
        type: 'object',
        required: ['items', 'total', 'limit', 'offset'],
        properties: {
          items: { type: 'array', items: { $ref: getSchemaPath(item) } },
          total: { type: 'integer', description: 'Rows matching, across all pages.', example: 1 },
          limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, example: 50 },
          offset: { type: 'integer', minimum: 0, example: 0 },
        },
      },
    }),
  );
}
