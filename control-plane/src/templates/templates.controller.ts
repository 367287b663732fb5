import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CreateTemplateDto, TemplateResponse, UpdateTemplateDto } from './templates.dto';
import { TemplatesService } from './templates.service';

/** Configuration templates (spec §4.5). Ids are slugs for built-ins, UUIDs for custom ones. */
@ApiTags('templates')
@Controller('templates')
export class TemplatesController {
  constructor(@Inject(TemplatesService) private readonly service: TemplatesService) {}

  @ApiOperation({ summary: 'Built-in and custom templates.' }) @ApiOkResponse({ type: [TemplateResponse] })
  @Get() list(): Promise<TemplateResponse[]> { return this.service.list(); }

  @ApiOperation({ summary: 'One template by slug (built-in) or UUID (custom).' }) @ApiOkResponse({ type: TemplateResponse })
  @Get(':id') get(@Param('id') id: string): Promise<TemplateResponse> { return this.service.get(id); }

  @ApiOperation({ summary: 'Saves a custom template; an unknown {{VARIABLE}} is a 400 naming it.' }) @ApiOkResponse({ type: TemplateResponse })
  @Post() create(@Body() dto: CreateTemplateDto): Promise<TemplateResponse> { return this.service.create(dto); }

  @ApiOperation({ summary: 'Changes a custom template (built-ins: 409 TEMPLATE.READ_ONLY).' }) @ApiOkResponse({ type: TemplateResponse })
  @Put(':id') update(@Param('id') id: string, @Body() dto: UpdateTemplateDto): Promise<TemplateResponse> { return this.service.update(id, dto); }

  @ApiOperation({ summary: 'Deletes a custom template (built-ins: 409 TEMPLATE.READ_ONLY).' })
  @Delete(':id') @HttpCode(204) delete(@Param('id') id: string): Promise<void> { return this.service.delete(id); }
}
