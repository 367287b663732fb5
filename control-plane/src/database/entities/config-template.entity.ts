import { Column, Entity, Unique } from 'typeorm';
import { CreatedAt, UpdatedAt, UuidPk } from './columns';

/** A configuration template (spec §4.5); built-in ones are seeded and read-only. */
@Entity('config_template')
@Unique('UQ_config_template_name', ['name'])
export class ConfigTemplateEntity {
  @UuidPk('config_template') id!: string;
  @Column({ type: 'varchar', length: 64 }) name!: string;
  @Column({ type: 'text', default: '' }) description!: string;
  @Column({ type: 'varchar', length: 32, nullable: true }) peerType!: string | null;
  @Column({ type: 'text' }) body!: string;
  @Column({ type: 'boolean', default: false }) isBuiltin!: boolean;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
}
