import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { UuidPk } from './columns';
import { PeerEntity } from './peer.entity';

/**
 * Every generated configuration of a peer, versioned (spec §6.1.6, §9.4). Config-file peers
 * stay "pending manual application" until `applied_at` is set. A private key inside the
 * text is stored as SecretBox ciphertext, like the peer's own column.
 */
@Entity('configuration_history')
@Unique('UQ_configuration_history_peer_version', ['peerId', 'version'])
export class ConfigurationHistoryEntity {
  @UuidPk('configuration_history') id!: string;
  @Column({ type: 'uuid' }) peerId!: string;
  @ManyToOne(() => PeerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'peer_id', foreignKeyConstraintName: 'FK_configuration_history_peer' })
  peer?: PeerEntity;

  @Column({ type: 'int' }) version!: number;
  @Column({ type: 'text' }) configurationText!: string;
  @Column({ type: 'varchar', length: 32 }) configType!: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) digest!: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) generatedAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) appliedAt!: Date | null;
}
