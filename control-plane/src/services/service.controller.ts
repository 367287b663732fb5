import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { PaginationQuery, type Page } from '../common/http/pagination.dto';
import { UuidPipe } from '../common/http/uuid.pipe';
import { CreateServiceDto, UpdateServiceDto, type ServiceResponse } from './service.dto';
import { ServiceService } from './service.service';

/** Published services (spec §7.4). */
@Controller()
export class ServiceController {
  constructor(@Inject(ServiceService) private readonly service: ServiceService) {}

  @Get('wan/:wanId/services') list(@Param('wanId', UuidPipe) wanId: string, @Query() page: PaginationQuery): Promise<Page<ServiceResponse>> { return this.service.list(wanId, page.limit, page.offset); }

  @Post('peers/:peerId/services') create(@Param('peerId', UuidPipe) peerId: string, @Body() dto: CreateServiceDto): Promise<ServiceResponse> { return this.service.create(peerId, dto); }

  @Get('services/:id') get(@Param('id', UuidPipe) id: string): Promise<ServiceResponse> { return this.service.get(id); }

  @Put('services/:id') update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateServiceDto): Promise<ServiceResponse> { return this.service.update(id, dto); }

  @Delete('services/:id') @HttpCode(204) delete(@Param('id', UuidPipe) id: string): Promise<void> { return this.service.delete(id); }
}
