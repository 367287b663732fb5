import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { CreatedAt, UpdatedAt, UuidPk } from './columns';
import { EnrollmentTokenEntity } from './enrollment-token.entity';
import { PeerEntity } from './peer.entity';

export const AGENT_STATUSES = ['pending', 'active', 'revoked'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/**
 * An enrolled agent managing one peer; its NATS identity is its public user nkey. Revoked
 * rows stay: their keys make up the account JWT's revocation list, and a peer may be
 * enrolled again by a new agent.
 */
@Entity('agent')
@Index('UQ_agent_peer_active', ['peerId'], { unique: true, where: 'revoked_at IS NULL' })
@Unique('UQ_agent_nats_public_key', ['natsPublicKey'])
export class AgentEntity {
  @UuidPk('agent') id!: string;
  @Column({ type: 'uuid' }) peerId!: string;
  @ManyToOne(() => PeerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'peer_id', foreignKeyConstraintName: 'FK_agent_peer' })
  peer?: PeerEntity;
  @Column({ type: 'varchar', length: 64 }) natsPublicKey!: string;
  /** Base64 X25519 key router passwords are sealed to; null for agents enrolled before sealing (they get no router jobs). */
  @Column({ type: 'varchar', length: 44, nullable: true }) sealingPublicKey!: string | null;
  @Column({ type: 'varchar', length: 16, default: 'active' }) status!: AgentStatus;
  @Column({ type: 'varchar', length: 255, nullable: true }) hostname!: string | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) version!: string | null;
  @Column({ type: 'bigint', default: 0 }) appliedRevision!: string;
  @Column({ type: 'timestamptz', nullable: true }) lastSeenAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
  @Column({ type: 'uuid', nullable: true }) enrollmentTokenId!: string | null;
  @ManyToOne(() => EnrollmentTokenEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'enrollment_token_id', foreignKeyConstraintName: 'FK_agent_enrollment_token' })
  enrollmentToken?: EnrollmentTokenEntity | null;
  /** The interface the agent manages, as it last reported. */
  @Column({ type: 'varchar', length: 15, nullable: true }) interfaceName!: string | null;
  /** The last failed apply's message naming its step; null once an apply succeeds. */
  @Column({ type: 'text', nullable: true }) lastError!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) lastApplyAt!: Date | null;
  /** The last drift report: items and whether the agent reconciled them. */
  @Column({ type: 'jsonb', nullable: true }) driftReport!: Record<string, unknown> | null;
  @Column({ type: 'timestamptz', nullable: true }) driftDetectedAt!: Date | null;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
}
