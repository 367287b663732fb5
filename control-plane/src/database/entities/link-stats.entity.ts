import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PeerEntity } from './peer.entity';

/**
 * The last WireGuard counters a router reported for one link, for every link it has: hub-spoke
 * and mesh links as well as the explicit connections of a hybrid WAN (which also keep theirs on
 * `peer_connection`). One row per pair, the smaller id as peer A, counters from A's side.
 */
@Entity('link_stats')
@Check('CHK_link_stats_pair_order', '"peer_a_id" < "peer_b_id"')
@Index('IDX_link_stats_peer_b', ['peerBId'])
@Index('IDX_link_stats_wan', ['wanId'])
export class LinkStatsEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_link_stats' }) peerAId!: string;
  @ManyToOne(() => PeerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'peer_a_id', foreignKeyConstraintName: 'FK_link_stats_peer_a' })
  peerA?: PeerEntity;
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_link_stats' }) peerBId!: string;
  @ManyToOne(() => PeerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'peer_b_id', foreignKeyConstraintName: 'FK_link_stats_peer_b' })
  peerB?: PeerEntity;
  /** Both peers' WAN, so a WAN's links are one indexed read. */
  @Column({ type: 'uuid' }) wanId!: string;
  @Column({ type: 'timestamptz', nullable: true }) lastHandshake!: Date | null;
  @Column({ type: 'bigint', default: 0 }) rxBytes!: string;
  @Column({ type: 'bigint', default: 0 }) txBytes!: string;
  /** The router whose reading this is; when both ends are routers the later reading wins. */
  @Column({ type: 'uuid' }) reportedBy!: string;
  @Column({ type: 'timestamptz' }) updatedAt!: Date;
}
