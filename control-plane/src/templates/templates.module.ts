import { Global, Module } from '@nestjs/common';
import { TemplateRepository } from './template.repository';
import { TemplatesController } from './templates.controller';
import { TemplatesService } from './templates.service';

@Global()
@Module({ controllers: [TemplatesController], providers: [TemplatesService, TemplateRepository], exports: [TemplateRepository] })
export class TemplatesModule {}
