import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAt, UuidPk } from './columns';
import { PeerEntity } from './peer.entity';

/** A LAN behind a peer (spec §6.1.3). */
@Entity('local_subnet')
@Index('IDX_local_subnet_peer', ['peerId'])
export class LocalSubnetEntity {
  @UuidPk('local_subnet') id!: string;
  @Column({ type: 'uuid' }) peerId!: string;
  @ManyToOne(() => PeerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'peer_id', foreignKeyConstraintName: 'FK_local_subnet_peer' })
  peer?: PeerEntity;

  @Column({ type: 'cidr' }) cidr!: string;
  @Column({ type: 'boolean', default: true }) isRouted!: boolean;
  @Column({ type: 'boolean', default: false }) natEnabled!: boolean;
  @Column({ type: 'cidr', nullable: true }) natTranslatedCidr!: string | null;
  @Column({ type: 'text', default: '' }) description!: string;
  @CreatedAt() createdAt!: Date;
}
