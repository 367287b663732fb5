import { Inject, Injectable } from '@nestjs/common';
import { BUILT_IN_TEMPLATES, DomainError, findBuiltInTemplate, validateCustomTemplate, type ConfigTemplate } from '@wom/domain';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import { toConfigTemplate, TemplateRepository } from './template.repository';
import { toTemplateResponse, type CreateTemplateDto, type TemplateResponse, type UpdateTemplateDto } from './templates.dto';

/** Configuration templates (spec §4.5): built-ins are read-only, custom ones are checked on every save. */
@Injectable()
export class TemplatesService {
  constructor(
    @Inject(TemplateRepository) private readonly templates: TemplateRepository,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async list(): Promise<TemplateResponse[]> {
    const custom = (await this.templates.customRows()).map(toConfigTemplate);
    return [...BUILT_IN_TEMPLATES, ...custom].map(toTemplateResponse);
  }

  async get(id: string): Promise<TemplateResponse> {
    const template = await this.templates.resolve(id);
    if (!template) throw notFound(id);
    return toTemplateResponse(template);
  }

  async create(dto: CreateTemplateDto): Promise<TemplateResponse> {
    const template = validateCustomTemplate({ id: '', ...dto });
    await this.requireFreeName(template.name);
    const after = toTemplateResponse(toConfigTemplate(await this.templates.save(toRow(template))));
    await this.audit.record(null, { action: 'template.create', entityType: 'template', entityId: after.id, after });
    return after;
  }

  async update(id: string, dto: UpdateTemplateDto): Promise<TemplateResponse> {
    const row = await this.requireCustom(id, 'changed');
    const template = validateCustomTemplate({
      id: row.id,
      name: dto.name ?? row.name,
      description: dto.description ?? row.description,
      peerType: dto.peerType ?? row.peerType,
      body: dto.body ?? row.body,
    });
    if (template.name.toLowerCase() !== row.name.toLowerCase()) await this.requireFreeName(template.name, row.id);
    const before = toTemplateResponse(toConfigTemplate(row));
    const after = toTemplateResponse(toConfigTemplate(await this.templates.save({ ...row, ...toRow(template), id: row.id })));
    await this.audit.record(null, { action: 'template.update', entityType: 'template', entityId: row.id, before, after });
    return after;
  }

  async delete(id: string): Promise<void> {
    const row = await this.requireCustom(id, 'deleted');
    await this.templates.delete(row.id);
    await this.audit.record(null, { action: 'template.delete', entityType: 'template', entityId: row.id, before: toTemplateResponse(toConfigTemplate(row)) });
  }

  private async requireCustom(id: string, verb: string) {
    if (findBuiltInTemplate(id)) {
      throw new AppError('TEMPLATE.READ_ONLY', `The built-in template "${id}" is read-only and cannot be ${verb}. Create a custom template from its body instead.`);
    }
    const row = await this.templates.findRow(id);
    if (!row) throw notFound(id);
    return row;
  }

  private async requireFreeName(name: string, exceptId?: string): Promise<void> {
    const builtIn = BUILT_IN_TEMPLATES.some((t) => t.name.toLowerCase() === name.toLowerCase());
    if (builtIn || (await this.templates.nameExists(name, exceptId))) {
      const reason = `A template named "${name}" already exists. Choose another name.`;
      throw new AppError('TEMPLATE.NAME_TAKEN', reason, { fields: [{ field: 'name', reason }] });
    }
  }
}

const toRow = (template: ConfigTemplate) => ({ name: template.name, description: template.description, peerType: template.peerType, body: template.body, isBuiltin: false });

const notFound = (id: string) => new DomainError('TEMPLATE.NOT_FOUND', `There is no template "${id}". List templates with GET /api/templates.`, { field: 'templateId' });
