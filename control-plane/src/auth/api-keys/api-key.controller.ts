import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { UuidPipe } from '../../common/http/uuid.pipe';
import { CurrentPrincipal, Roles } from '../auth.decorators';
import type { Principal } from '../principal';
import { CreateApiKeyDto, type ApiKeyResponse, type CreatedApiKeyResponse } from './api-key.dto';
import { ApiKeyService } from './api-key.service';

/** API keys for scripts and CI: admin only; the token is shown once, at creation. */
@Controller('api-keys')
@Roles('admin')
export class ApiKeyController {
  constructor(@Inject(ApiKeyService) private readonly service: ApiKeyService) {}

  @Get() list(): Promise<ApiKeyResponse[]> { return this.service.list(); }

  @Post() create(@Body() dto: CreateApiKeyDto, @CurrentPrincipal() owner: Principal): Promise<CreatedApiKeyResponse> { return this.service.create(dto, owner); }

  @Delete(':id') @HttpCode(204) revoke(@Param('id', UuidPipe) id: string): Promise<void> { return this.service.revoke(id); }
}
