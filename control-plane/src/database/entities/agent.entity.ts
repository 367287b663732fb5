import { Column, Entity, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { CreatedAt, UpdatedAt, UuidPk } from './columns';
import { PeerEntity } from './peer.entity';

/** An enrolled agent managing one peer; its NATS identity is its public nkey. */
@Entity('agent')
@Unique('UQ_agent_peer', ['peerId'])
@Unique('UQ_agent_nats_public_key', ['natsPublicKey'])
export class AgentEntity {
  @UuidPk('agent') id!: string;
  @Column({ type: 'uuid' }) peerId!: string;
  @ManyToOne(() => PeerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'peer_id', foreignKeyConstraintName: 'FK_agent_peer' })
  peer?: PeerEntity;
  @Column({ type: 'varchar', length: 64 }) natsPublicKey!: string;
  @Column({ type: 'varchar', length: 16, default: 'enrolled' }) status!: string;
  @Column({ type: 'varchar', length: 255, nullable: true }) hostname!: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) version!: string | null;
  @Column({ type: 'bigint', default: 0 }) appliedRevision!: string;
  @Column({ type: 'timestamptz', nullable: true }) lastSeenAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
}
