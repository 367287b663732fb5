import { Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { CreatedAt, EMPTY_ARRAY, UuidPk } from './columns';
import { WanNetworkEntity } from './wan-network.entity';

/**
 * A stored routing conflict (spec §4.4, §7.5), keyed by the domain's stable conflict id so a
 * re-detection updates the row instead of duplicating it. Critical conflicts are never
 * stored: they block the change that would create them.
 */
@Entity('subnet_conflict')
@Unique('UQ_subnet_conflict_wan_key', ['wanId', 'conflictKey'])
export class SubnetConflictEntity {
  @UuidPk('subnet_conflict') id!: string;
  @Column({ type: 'uuid' }) wanId!: string;
  @ManyToOne(() => WanNetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'wan_id', foreignKeyConstraintName: 'FK_subnet_conflict_wan_network' })
  wan?: WanNetworkEntity;
  @Column({ type: 'varchar', length: 255 }) conflictKey!: string;
  @Column({ type: 'varchar', length: 16 }) severity!: string;
  @Column({ type: 'jsonb', default: EMPTY_ARRAY }) kinds!: string[];
  /** The domain's conflict value (parties, overlap, message, resolutions). */
  @Column({ type: 'jsonb' }) detail!: Record<string, unknown>;
  @Column({ type: 'varchar', length: 16, default: 'open' }) status!: string;
  @Column({ type: 'varchar', length: 32, nullable: true }) resolution!: string | null;
  @CreatedAt() detectedAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) resolvedAt!: Date | null;
}
