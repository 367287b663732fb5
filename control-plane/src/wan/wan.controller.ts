import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { Roles } from '../auth/auth.decorators';
import { UuidPipe } from '../common/http/uuid.pipe';
import { CreateWanDto, UpdateWanDto, type WanResponse } from './wan.dto';
import { WanService } from './wan.service';

/** WAN management (spec §7.1) plus the list of WANs (spec §11.7). */
@Controller('wan')
export class WanController {
  constructor(@Inject(WanService) private readonly service: WanService) {}

  @Get() @Roles('read-only') list(): Promise<WanResponse[]> { return this.service.list(); }

  @Post() @Roles('operator') create(@Body() dto: CreateWanDto): Promise<WanResponse> { return this.service.create(dto); }

  @Get(':id') @Roles('read-only') get(@Param('id', UuidPipe) id: string): Promise<WanResponse> { return this.service.get(id); }

  @Put(':id') @Roles('operator') update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateWanDto): Promise<WanResponse> { return this.service.update(id, dto); }

  @Delete(':id') @Roles('admin') @HttpCode(204) delete(@Param('id', UuidPipe) id: string): Promise<void> { return this.service.delete(id); }
}
