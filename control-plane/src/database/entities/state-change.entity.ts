import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Transactional outbox of desired-state changes. Every mutation writes one row in its own
 * transaction, so the publisher (agent issue) never misses a change and never sees one that
 * rolled back. `peer_ids` are the peers the mutation touched directly; the publisher
 * recompiles the WAN and bumps `peer.desired_revision` only where the digest changed.
 * `wan_id` has no foreign key: a WAN's deletion is itself a change to publish.
 */
@Entity('state_change')
@Index('IDX_state_change_pending', ['processedAt', 'id'])
export class StateChangeEntity {
  /** bigserial: the publisher's cursor, in commit-ish order. */
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'PK_state_change' }) id!: string;
  @Column({ type: 'uuid' }) wanId!: string;
  @Column({ type: 'uuid', array: true, default: () => "'{}'" }) peerIds!: string[];
  @Column({ type: 'varchar', length: 64 }) reason!: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) processedAt!: Date | null;
}
