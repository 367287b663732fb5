import { Body, Controller, Delete, Get, Inject, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { ApiAuthErrors, ApiErrors } from '../openapi/api-responses';
import { UuidPipe } from '../common/http/uuid.pipe';
import { CreateWanDto, UpdateWanDto, WanResponseDoc, type WanResponse } from './wan.dto';
import type { RemovalResponse } from '@wom/contracts';
import type { Response } from 'express';
import type { RemovalPreview } from '../removal/removal-plan';
import { DeleteQuery, RemovalPreviewDoc, RemovalResponseDoc } from '../removal/removal.dto';
import { removalAnswer } from '../removal/removal-answer';
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

  @ApiOperation({ summary: 'What deleting the WAN would do to each device, with the same keepOnDevice/force options (the delete run and rolled back): routers undeployed, agents taking their configuration down, peers forgotten.' })
  @ApiOkResponse({ type: RemovalPreviewDoc, description: 'The devices the delete touches and how.' })
  @ApiErrors(400, 404)
  // Who may delete may preview: a preview runs the delete in a transaction it rolls back, holding the WAN's lock meanwhile.
  @Get(':id/removal-preview') @Roles('admin') removalPreview(@Param('id', UuidPipe) id: string, @Query() query: DeleteQuery): Promise<RemovalPreview> { return this.service.removalPreview(id, query); }

  @ApiOperation({
    summary: 'Deletes a WAN with its peers, services and history. Routers this product wrote to are undeployed first: 202 with their jobs, and the WAN stays until they all succeed.',
  })
  @ApiNoContentResponse({ description: 'Deleted now: nothing of ours was on a device, or keepOnDevice/force was given.' })
  @ApiAcceptedResponse({ type: RemovalResponseDoc, description: 'Being removed: the undeploy jobs run; the WAN goes with its last router.' })
  @ApiErrors(400, 404)
  @Delete(':id') @Roles('admin') async delete(@Param('id', UuidPipe) id: string, @Query() query: DeleteQuery, @Res({ passthrough: true }) res: Response): Promise<RemovalResponse | undefined> {
    return removalAnswer(await this.service.delete(id, query), res);
  }
}
