import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Page } from '@wom/contracts';

export type { Page };

export const MAX_PAGE_SIZE = 500;
const MAX_OFFSET = 1_000_000;
const LIMIT = { message: `limit must be a whole number from 1 to ${MAX_PAGE_SIZE}.` };
const OFFSET = { message: `offset must be a whole number from 0 to ${MAX_OFFSET}.` };

/** `?limit=&offset=` of every list endpoint; query strings are converted explicitly here. */
export class PaginationQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, default: 50, example: 50, description: 'Rows per page.' })
  @IsOptional() @Type(() => Number) @IsInt(LIMIT) @Min(1, LIMIT) @Max(MAX_PAGE_SIZE, LIMIT) limit: number = 50;
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_OFFSET, default: 0, example: 0, description: 'Rows to skip.' })
  @IsOptional() @Type(() => Number) @IsInt(OFFSET) @Min(0, OFFSET) @Max(MAX_OFFSET, OFFSET) offset: number = 0;
}
