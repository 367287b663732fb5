import { Body, Controller, Delete, Get, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { Roles } from '../auth/auth.decorators';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RemovalResponse } from '@wom/contracts';
import type { Response } from 'express';
import type { RemovalPreview } from '../removal/removal-plan';
import { RemovalPreviewDoc, RemovalResponseDoc } from '../removal/removal.dto';
import { removalAnswer } from '../removal/removal-answer';
import { PaginationQuery, type Page } from '../common/http/pagination.dto';
import { ApiAuthErrors, ApiErrors, ApiOkPage } from '../openapi/api-responses';
import { UuidPipe } from '../common/http/uuid.pipe';
import { CreateServiceDto, ServiceResponseDoc, UpdateServiceDto, type ServiceResponse } from './service.dto';
import { ServiceService } from './service.service';

/** Published services (spec §7.4). */
@ApiTags('published services')
@ApiAuthErrors()
@Controller()
export class ServiceController {
  constructor(@Inject(ServiceService) private readonly service: ServiceService) {}

  @ApiOperation({ summary: 'The services published in a WAN.' })
  @ApiOkPage(ServiceResponseDoc, 'One page of services.')
  @ApiErrors(400, 404)
  @Get('wan/:wanId/services') list(@Param('wanId', UuidPipe) wanId: string, @Query() page: PaginationQuery): Promise<Page<ServiceResponse>> { return this.service.list(wanId, page.limit, page.offset); }

  @ApiOperation({ summary: 'Publishes a service of a peer on a shared address of the WAN.' })
  @ApiCreatedResponse({ type: ServiceResponseDoc, description: 'Published.' })
  @ApiErrors(400, 404, 409)
  @Post('peers/:peerId/services') create(@Param('peerId', UuidPipe) peerId: string, @Body() dto: CreateServiceDto): Promise<ServiceResponse> { return this.service.create(peerId, dto); }

  @ApiOperation({ summary: 'One published service.' })
  @ApiOkResponse({ type: ServiceResponseDoc, description: 'The service.' })
  @ApiErrors(400, 404)
  @Get('services/:id') get(@Param('id', UuidPipe) id: string): Promise<ServiceResponse> { return this.service.get(id); }

  @ApiOperation({ summary: 'Changes a published service (not its peer).' })
  @ApiOkResponse({ type: ServiceResponseDoc, description: 'The service as changed.' })
  @ApiErrors(400, 404, 409)
  @Put('services/:id') update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateServiceDto): Promise<ServiceResponse> { return this.service.update(id, dto); }

  @ApiOperation({ summary: 'What unpublishing the service would do to each device (the delete run and rolled back): routers redeployed, agents given a new revision, files changed.' })
  @ApiOkResponse({ type: RemovalPreviewDoc, description: 'The devices the delete touches and how.' })
  @ApiErrors(400, 404)
  // Who may delete may preview: a preview runs the delete in a transaction it rolls back, holding the WAN's lock meanwhile.
  @Get('services/:id/removal-preview') @Roles('operator') removalPreview(@Param('id', UuidPipe) id: string): Promise<RemovalPreview> { return this.service.removalPreview(id); }

  @ApiOperation({ summary: 'Unpublishes a service and frees its shared address; the routers this product deployed get it taken off (their jobs are returned).' })
  @ApiNoContentResponse({ description: 'Deleted; no router had to be updated.' })
  @ApiAcceptedResponse({ type: RemovalResponseDoc, description: 'Deleted ("removed"); the routers holding it are being redeployed.' })
  @ApiErrors(400, 404)
  @Delete('services/:id') async delete(@Param('id', UuidPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<RemovalResponse | undefined> {
    return removalAnswer(await this.service.delete(id), res);
  }
}
