import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ApiAuthErrors, ApiErrors } from '../openapi/api-responses';
import { UuidPipe } from '../common/http/uuid.pipe';
import { CreateWanDto, UpdateWanDto, WanResponseDoc, type WanResponse } from './wan.dto';
import { WanService } from './wan.service';

/** WAN management (spec §7.1) plus the list of WANs (spec §11.7). */
@ApiTags('WANs')
@ApiAuthErrors()
@Controller('wan')
export class WanController {
  constructor(@Inject(WanService) private readonly service: WanService) {}

  @ApiOperation({ summary: 'Every WAN.' })
  @ApiOkResponse({ type: [WanResponseDoc], description: 'The WANs.' })
  @Get() @Roles('read-only') list(): Promise<WanResponse[]> { return this.service.list(); }

  @ApiOperation({ summary: 'Creates a WAN with its tunnel and shared-services ranges and topology.' })
  @ApiCreatedResponse({ type: WanResponseDoc, description: 'Created.' })
  @ApiErrors(400, 409)
  @Post() @Roles('operator') create(@Body() dto: CreateWanDto): Promise<WanResponse> { return this.service.create(dto); }

  @ApiOperation({ summary: 'One WAN.' })
  @ApiOkResponse({ type: WanResponseDoc, description: 'The WAN.' })
  @ApiErrors(400, 404)
  @Get(':id') @Roles('read-only') get(@Param('id', UuidPipe) id: string): Promise<WanResponse> { return this.service.get(id); }

  @ApiOperation({ summary: 'Changes a WAN; a range still used by peers or services cannot shrink away from them (409).' })
  @ApiOkResponse({ type: WanResponseDoc, description: 'The WAN as changed.' })
  @ApiErrors(400, 404, 409)
  @Put(':id') @Roles('operator') update(@Param('id', UuidPipe) id: string, @Body() dto: UpdateWanDto): Promise<WanResponse> { return this.service.update(id, dto); }

  @ApiOperation({ summary: 'Deletes a WAN with its peers, services and history.' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiErrors(400, 404)
  @Delete(':id') @Roles('admin') @HttpCode(204) delete(@Param('id', UuidPipe) id: string): Promise<void> { return this.service.delete(id); }
}
