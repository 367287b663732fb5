import { Inject, Injectable } from '@nestjs/common';
import { BUILT_IN_TEMPLATES, findBuiltInTemplate, validatePeerType, type ConfigTemplate, type PeerType, type TemplateDefaults } from '@wom/domain';
import { isUUID } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { Database } from '../database/database';
import { ConfigTemplateEntity } from '../database/entities';

const NEUTRAL_DEFAULTS: TemplateDefaults = { persistentKeepalive: null, listenPort: null, mtu: null, dns: [], routesLocalSubnets: false, publishesServices: false };

/**
 * Custom templates take the defaults of the built-in template for their peer type (a custom
 * client template behaves like "Simple client"): the config_template table has no column of
 * its own for defaults.
 */
export function defaultsForPeerType(peerType: PeerType): TemplateDefaults {
  return BUILT_IN_TEMPLATES.find((template) => template.peerType === peerType)?.defaults ?? NEUTRAL_DEFAULTS;
}

export function toConfigTemplate(row: ConfigTemplateEntity): ConfigTemplate {
  const peerType = validatePeerType(row.peerType ?? 'client', 'peerType');
  return { id: row.id, name: row.name, description: row.description, peerType, defaults: defaultsForPeerType(peerType), body: row.body, builtIn: false };
}

/** Built-in templates live in code (ids are slugs); custom ones in config_template (ids are UUIDs). */
@Injectable()
export class TemplateRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  async resolve(id: string, manager: EntityManager = this.database.manager): Promise<ConfigTemplate | null> {
    const builtIn = findBuiltInTemplate(id);
    if (builtIn) return builtIn;
    const row = isUUID(id) ? await manager.findOneBy(ConfigTemplateEntity, { id: id.toLowerCase(), isBuiltin: false }) : null;
    return row ? toConfigTemplate(row) : null;
  }

  customRows(): Promise<ConfigTemplateEntity[]> {
    return this.database.manager.find(ConfigTemplateEntity, { where: { isBuiltin: false }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  findRow(id: string): Promise<ConfigTemplateEntity | null> {
    return isUUID(id) ? this.database.manager.findOneBy(ConfigTemplateEntity, { id: id.toLowerCase(), isBuiltin: false }) : Promise.resolve(null);
  }

  nameExists(name: string, exceptId?: string): Promise<boolean> {
    return this.database.manager
      .createQueryBuilder(ConfigTemplateEntity, 't')
      .where('lower(t.name) = lower(:name)', { name })
      .andWhere(exceptId ? 't.id <> :exceptId' : 'TRUE', { exceptId })
      .getExists();
  }

  save(row: Partial<ConfigTemplateEntity>): Promise<ConfigTemplateEntity> {
    return this.database.manager.save(this.database.manager.create(ConfigTemplateEntity, row));
  }

  async delete(id: string): Promise<void> {
    await this.database.manager.delete(ConfigTemplateEntity, { id });
  }
}
