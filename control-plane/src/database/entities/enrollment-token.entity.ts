import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import type { EnrollmentTokenSubnet } from '@wom/contracts';
import type { PeerType } from '@wom/domain';
import { CreatedAt, EMPTY_ARRAY, UuidPk } from './columns';
import { PeerEntity } from './peer.entity';
import { UserEntity } from './user.entity';
import { WanNetworkEntity } from './wan-network.entity';

/**
 * A token an agent trades for its credentials: single-use or reusable up to `max_uses`,
 * expiring, revocable, bound to a WAN and either to one pre-created peer or to what the peer
 * it creates gets (type, tags, name, subnets, template). Only the SHA-256 of the secret is
 * stored; `token_prefix` lets people tell tokens apart.
 */
@Entity('enrollment_token')
@Unique('UQ_enrollment_token_hash', ['tokenHash'])
@Index('IDX_enrollment_token_peer', ['peerId'])
@Index('IDX_enrollment_token_wan', ['wanId'])
export class EnrollmentTokenEntity {
  @UuidPk('enrollment_token') id!: string;
  @Column({ type: 'uuid' }) wanId!: string;
  @ManyToOne(() => WanNetworkEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'wan_id', foreignKeyConstraintName: 'FK_enrollment_token_wan_network' })
  wan?: WanNetworkEntity;
  /** Set when the token binds to a pre-created peer instead of creating one. */
  @Column({ type: 'uuid', nullable: true }) peerId!: string | null;
  @ManyToOne(() => PeerEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'peer_id', foreignKeyConstraintName: 'FK_enrollment_token_peer' })
  peer?: PeerEntity | null;
  @Column({ type: 'varchar', length: 64, default: '' }) name!: string;
  @Column({ type: 'varchar', length: 128 }) tokenHash!: string;
  @Column({ type: 'varchar', length: 16, default: '' }) tokenPrefix!: string;
  @Column({ type: 'varchar', length: 32, default: 'server' }) peerType!: PeerType;
  @Column({ type: 'jsonb', default: EMPTY_ARRAY }) tags!: string[];
  /** The new peer's name; `{hostname}` and `{n}` (a counter) are replaced. */
  @Column({ type: 'varchar', length: 64, default: '{hostname}' }) nameTemplate!: string;
  /**
   * Local subnets of the peer it creates, kept as the operator gave them so the template still
   * decides what was left out. Only single-use tokens without a peer carry any: two peers with
   * the same LANs would conflict.
   */
  @Column({ type: 'jsonb', default: EMPTY_ARRAY }) subnets!: EnrollmentTokenSubnet[];
  /** The configuration template of the peer it creates: a built-in slug or a custom template's UUID (no foreign key, slugs live in code). */
  @Column({ type: 'varchar', length: 64, nullable: true }) templateId!: string | null;
  @Column({ type: 'int', default: 1 }) maxUses!: number;
  @Column({ type: 'int', default: 0 }) useCount!: number;
  /** Agents enrolled with it wait for an operator's approval before they get desired state. */
  @Column({ type: 'boolean', default: false }) requiresApproval!: boolean;
  @Column({ type: 'timestamptz' }) expiresAt!: Date;
  /** When it was last used. */
  @Column({ type: 'timestamptz', nullable: true }) usedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
  @Column({ type: 'uuid', nullable: true }) createdBy!: string | null;
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'FK_enrollment_token_app_user' })
  creator?: UserEntity | null;
  @CreatedAt() createdAt!: Date;
}
