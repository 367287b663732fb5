import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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

  @ApiOperation({ summary: 'Unpublishes a service and frees its shared address.' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors(400, 404)
  @Delete('services/:id') @HttpCode(204) delete(@Param('id', UuidPipe) id: string): Promise<void> { return this.service.delete(id); }
}
