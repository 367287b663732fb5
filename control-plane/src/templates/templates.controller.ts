import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthErrors, ApiErrors } from '../openapi/api-responses';
import { CreateTemplateDto, TemplateResponse, UpdateTemplateDto } from './templates.dto';
import { TemplatesService } from './templates.service';

/** Configuration templates (spec §4.5). Ids are slugs for built-ins, UUIDs for custom ones. */
@ApiTags('templates')
@ApiAuthErrors()
@Controller('templates')
export class TemplatesController {
  constructor(@Inject(TemplatesService) private readonly service: TemplatesService) {}

  @ApiOperation({ summary: 'Built-in and custom templates.' }) @ApiOkResponse({ type: [TemplateResponse], description: 'Built-in templates first, then custom ones.' })
  @Get() list(): Promise<TemplateResponse[]> { return this.service.list(); }

  @ApiOperation({ summary: 'One template by slug (built-in) or UUID (custom).' }) @ApiOkResponse({ type: TemplateResponse, description: 'The template.' }) @ApiErrors(404)
  @Get(':id') get(@Param('id') id: string): Promise<TemplateResponse> { return this.service.get(id); }

  @ApiOperation({ summary: 'Saves a custom template; an unknown {{VARIABLE}} is a 400 naming it.' }) @ApiCreatedResponse({ type: TemplateResponse, description: 'Saved.' }) @ApiErrors(400, 409)
  @Post() create(@Body() dto: CreateTemplateDto): Promise<TemplateResponse> { return this.service.create(dto); }

  @ApiOperation({ summary: 'Changes a custom template (built-ins: 409 TEMPLATE.READ_ONLY).' }) @ApiOkResponse({ type: TemplateResponse, description: 'The template as changed.' }) @ApiErrors(400, 404, 409)
  @Put(':id') update(@Param('id') id: string, @Body() dto: UpdateTemplateDto): Promise<TemplateResponse> { return this.service.update(id, dto); }

  @ApiOperation({ summary: 'Deletes a custom template (built-ins: 409 TEMPLATE.READ_ONLY).' }) @ApiNoContentResponse({ description: 'Deleted.' }) @ApiErrors(404, 409)
  @Delete(':id') @HttpCode(204) delete(@Param('id') id: string): Promise<void> { return this.service.delete(id); }
}
