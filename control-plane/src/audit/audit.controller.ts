import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ApiAuthErrors, ApiErrors, ApiOkPage } from '../openapi/api-responses';
import type { Page } from '../common/http/pagination.dto';
import { AuditEntryResponseDoc, toAuditEntryResponse, AuditQuery, type AuditEntryResponse } from './audit.dto';
import { AuditRepository } from './audit.repository';

/** The audit trail (spec §10.4), admin only. */
@ApiTags('audit')
@ApiAuthErrors()
@Controller('audit')
export class AuditController {
  constructor(@Inject(AuditRepository) private readonly audit: AuditRepository) {}

  @ApiOperation({ summary: 'The audit trail, newest first, filtered by actor, action, entity and time.' })
  @ApiOkPage(AuditEntryResponseDoc, 'One page of audit entries.')
  @ApiErrors(400)
  @Get() @Roles('admin') async list(@Query() query: AuditQuery): Promise<Page<AuditEntryResponse>> {
    const { rows, total } = await this.audit.page(query);
    return { items: rows.map(toAuditEntryResponse), total, limit: query.limit, offset: query.offset };
  }
}
