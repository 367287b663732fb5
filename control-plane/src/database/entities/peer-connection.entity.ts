import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { UuidPk } from './columns';
import { PeerEntity } from './peer.entity';

/** A direct link between two peers and its live counters (spec §6.1.5). */
@Entity('peer_connection')
@Unique('UQ_peer_connection_pair', ['peerAId', 'peerBId'])
@Index('IDX_peer_connection_peer_b', ['peerBId'])
export class PeerConnectionEntity {
  @UuidPk('peer_connection') id!: string;
  @Column({ type: 'uuid' }) peerAId!: string;
  @ManyToOne(() => PeerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'peer_a_id', foreignKeyConstraintName: 'FK_peer_connection_peer_a' })
  peerA?: PeerEntity;
  @Column({ type: 'uuid' }) peerBId!: string;
  @ManyToOne(() => PeerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'peer_b_id', foreignKeyConstraintName: 'FK_peer_connection_peer_b' })
  peerB?: PeerEntity;

  @Column({ type: 'boolean', default: true }) isActive!: boolean;
  @Column({ type: 'timestamptz', nullable: true }) lastHandshake!: Date | null;
  @Column({ type: 'bigint', default: 0 }) txBytes!: string;
  @Column({ type: 'bigint', default: 0 }) rxBytes!: string;
  /** When a router last reported these counters. */
  @Column({ type: 'timestamptz', nullable: true }) statsUpdatedAt!: Date | null;
}
