import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { UuidPipe } from '../../common/http/uuid.pipe';
import { ApiAuthErrors, ApiErrors } from '../../openapi/api-responses';
import { CurrentPrincipal, Roles } from '../auth.decorators';
import type { Principal } from '../principal';
import { ApiKeyResponseDoc, CreateApiKeyDto, CreatedApiKeyResponseDoc, type ApiKeyResponse, type CreatedApiKeyResponse } from './api-key.dto';
import { ApiKeyService } from './api-key.service';

/** API keys for scripts and CI: admin only; the token is shown once, at creation. */
@ApiTags('api keys')
@ApiAuthErrors()
@Controller('api-keys')
@Roles('admin')
export class ApiKeyController {
  constructor(@Inject(ApiKeyService) private readonly service: ApiKeyService) {}

  @ApiOperation({ summary: 'Every API key (never the secret).' })
  @ApiOkResponse({ type: [ApiKeyResponseDoc], description: 'The keys, revoked ones included.' })
  @Get() list(): Promise<ApiKeyResponse[]> { return this.service.list(); }

  @ApiOperation({ summary: 'Creates an API key; the token is in this answer only.' })
  @ApiCreatedResponse({ type: CreatedApiKeyResponseDoc, description: 'Created; store the token now.' })
  @ApiErrors(400, 409)
  @Post() create(@Body() dto: CreateApiKeyDto, @CurrentPrincipal() owner: Principal): Promise<CreatedApiKeyResponse> { return this.service.create(dto, owner); }

  @ApiOperation({ summary: 'Revokes an API key at once.' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiErrors(400, 404)
  @Delete(':id') @HttpCode(204) revoke(@Param('id', UuidPipe) id: string): Promise<void> { return this.service.revoke(id); }
}
