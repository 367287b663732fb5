import { Controller, Get, Inject, Query } from '@nestjs/common';
import { Roles } from '../auth/auth.decorators';
import type { Page } from '../common/http/pagination.dto';
import { toAuditEntryResponse, AuditQuery, type AuditEntryResponse } from './audit.dto';
import { AuditRepository } from './audit.repository';

/** The audit trail (spec §10.4), admin only. */
@Controller('audit')
export class AuditController {
  constructor(@Inject(AuditRepository) private readonly audit: AuditRepository) {}

  @Get() @Roles('admin') async list(@Query() query: AuditQuery): Promise<Page<AuditEntryResponse>> {
    const { rows, total } = await this.audit.page(query);
    return { items: rows.map(toAuditEntryResponse), total, limit: query.limit, offset: query.offset };
  }
}
