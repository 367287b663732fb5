import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import type { ServiceProtocol } from '@wom/domain';
import { CreatedAt, UpdatedAt, UuidPk } from './columns';
import { PeerEntity } from './peer.entity';
import { WanNetworkEntity } from './wan-network.entity';

/**
 * A service a peer publishes on a shared IP (spec §6.1.4). `wan_id` is denormalised from the
 * peer so the database itself keeps (shared IP, port, protocol) unique within a WAN.
 */
@Entity('published_service')
@Unique('UQ_published_service_shared_endpoint', ['wanId', 'sharedIp', 'sharedPort', 'protocol'])
@Index('IDX_published_service_peer', ['peerId'])
export class PublishedServiceEntity {
  @UuidPk('published_service') id!: string;
  @Column({ type: 'uuid' }) wanId!: string;
  @ManyToOne(() => WanNetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'wan_id', foreignKeyConstraintName: 'FK_published_service_wan_network' })
  wan?: WanNetworkEntity;
  @Column({ type: 'uuid' }) peerId!: string;
  @ManyToOne(() => PeerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'peer_id', foreignKeyConstraintName: 'FK_published_service_peer' })
  peer?: PeerEntity;

  @Column({ type: 'varchar', length: 64 }) name!: string;
  @Column({ type: 'text', default: '' }) description!: string;
  @Column({ type: 'inet' }) localIp!: string;
  @Column({ type: 'int' }) localPort!: number;
  @Column({ type: 'inet' }) sharedIp!: string;
  @Column({ type: 'int' }) sharedPort!: number;
  @Column({ type: 'varchar', length: 8 }) protocol!: ServiceProtocol;
  @Column({ type: 'boolean', default: true }) isActive!: boolean;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
}
