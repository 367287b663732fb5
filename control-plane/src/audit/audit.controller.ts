import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ApiAuthErrors, ApiErrors, ApiOkPage } from '../openapi/api-responses';
import type { Page } from '../common/http/pagination.dto';
import { AuditEntryResponseDoc, toAuditEntryResponse, AuditQuery, type AuditEntryResponse } from './audit.dto';
import { AuditRepository } from './audit.repository';
import { AppError } from '../common/errors/app-error';

/** A range that ends before it starts matches nothing: almost certainly swapped, so say so. */
function requireOrderedRange({ from, to }: AuditQuery): void {
  if (from === undefined || to === undefined || Date.parse(from) <= Date.parse(to)) return;
  const reason = `to (${to}) is before from (${from}); give the earlier time as from.`;
  throw new AppError('VALIDATION.FAILED', reason, { fields: [{ field: 'to', reason }] });
}

/** The audit trail (spec §10.4), admin only. */
@ApiTags('audit')
@ApiAuthErrors()
@Controller('audit')
export class AuditController {
  constructor(@Inject(AuditRepository) private readonly audit: AuditRepository) {}

  @ApiOperation({ summary: 'The audit trail, newest first, filtered by actor, action, entity, WAN, request, free text and time range.' })
  @ApiOkPage(AuditEntryResponseDoc, 'One page of audit entries, with the total matching the filters.')
  @ApiErrors(400)
  @Get() @Roles('admin') async list(@Query() query: AuditQuery): Promise<Page<AuditEntryResponse>> {
    requireOrderedRange(query);
    const { rows, total } = await this.audit.page(query);
    return { items: rows.map(toAuditEntryResponse), total, limit: query.limit, offset: query.offset };
  }
}
