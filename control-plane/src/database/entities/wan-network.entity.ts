import { Column, Entity, Unique } from 'typeorm';
import type { TopologyType } from '@wom/domain';
import { CreatedAt, EMPTY_OBJECT, UpdatedAt, UuidPk } from './columns';

/** One WireGuard overlay (spec §6.1.1). Several independent WANs may exist (spec §11.7). */
@Entity('wan_network')
@Unique('UQ_wan_network_name', ['name'])
export class WanNetworkEntity {
  @UuidPk('wan_network') id!: string;
  @Column({ type: 'varchar', length: 64 }) name!: string;
  @Column({ type: 'text', default: '' }) description!: string;
  @Column({ type: 'cidr' }) tunnelIpRange!: string;
  @Column({ type: 'cidr' }) sharedServicesRange!: string;
  @Column({ type: 'varchar', length: 16 }) topologyType!: TopologyType;
  /** WAN-wide defaults later issues add (MTU, DNS, hub selection) without a migration each. */
  @Column({ type: 'jsonb', default: EMPTY_OBJECT }) settings!: Record<string, unknown>;
  /** Bumped with every desired-state change of this WAN; cached compilations compare it. */
  @Column({ type: 'bigint', default: 0 }) changeSeq!: string;
  /** Set when the WAN was deleted while some of its devices still hold our rows; the row goes with its last peer. */
  @Column({ type: 'timestamptz', nullable: true }) removalRequestedAt!: Date | null;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
}
