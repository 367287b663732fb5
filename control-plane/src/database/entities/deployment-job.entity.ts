import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAt, EMPTY_ARRAY, EMPTY_OBJECT, UpdatedAt, UuidPk } from './columns';
import { PeerEntity } from './peer.entity';
import { UserEntity } from './user.entity';
import { WanNetworkEntity } from './wan-network.entity';

/** `undeploy` removes every row this product wrote on the router (a peer or WAN being deleted, a switch to manual mode). */
export const JOB_TYPES = ['deploy-config', 'rollback', 'verify', 'test-connection', 'drift-check', 'reconcile', 'undeploy'] as const;
/** `cancelling` is a running job a user cancelled: its worker is still rolling back, so it has not ended. */
export const JOB_STATUSES = ['pending', 'running', 'cancelling', 'completed', 'failed', 'cancelled'] as const;

/**
 * A durable deployment (spec §6.1.7). Workers claim pending rows with `FOR UPDATE SKIP
 * LOCKED` and hold them with `locked_by`/`locked_until`, so a crashed worker's job is taken
 * over after its lease ends and several control-plane replicas can share the queue.
 */
@Entity('deployment_job')
@Index('IDX_deployment_job_status_created', ['status', 'createdAt'])
@Index('IDX_deployment_job_peer', ['peerId'])
// The job list: newest first overall or in one WAN, or by last change.
@Index('IDX_deployment_job_created', ['createdAt'])
@Index('IDX_deployment_job_updated', ['updatedAt'])
@Index('IDX_deployment_job_wan_created', ['wanId', 'createdAt'])
/** One job working on a router (running, or rolling back a cancel), whichever worker or replica claimed it. */
@Index('UQ_deployment_job_running_peer', ['peerId'], { unique: true, where: `status IN ('running', 'cancelling')` })
@Check('CK_deployment_job_status', `"status" IN (${JOB_STATUSES.map((status) => `'${status}'`).join(', ')})`)
export class DeploymentJobEntity {
  @UuidPk('deployment_job') id!: string;
  @Column({ type: 'uuid', nullable: true }) wanId!: string | null;
  @ManyToOne(() => WanNetworkEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'wan_id', foreignKeyConstraintName: 'FK_deployment_job_wan_network' })
  wan?: WanNetworkEntity | null;
  @Column({ type: 'uuid' }) peerId!: string;
  @ManyToOne(() => PeerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'peer_id', foreignKeyConstraintName: 'FK_deployment_job_peer' })
  peer?: PeerEntity;

  @Column({ type: 'varchar', length: 32 }) jobType!: (typeof JOB_TYPES)[number];
  @Column({ type: 'varchar', length: 16, default: 'pending' }) status!: (typeof JOB_STATUSES)[number];
  @Column({ type: 'int', default: 0 }) progressPercent!: number;
  @Column({ type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) completedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) errorMessage!: string | null;
  /** Why it ended as it did, as a stable code (`JOB.CANCELLED`, `AGENT.STOPPING`, `ROUTEROS.UNREACHABLE`, …). */
  @Column({ type: 'varchar', length: 64, nullable: true }) errorCode!: string | null;
  @Column({ type: 'jsonb', default: EMPTY_ARRAY }) operationsLog!: unknown[];
  /** What was asked for (force, reconcile options, the backup to restore); copied by retry. */
  @Column({ type: 'jsonb', default: EMPTY_OBJECT }) parameters!: Record<string, unknown>;
  /** The planned steps and their state, for the job monitor (spec §5.8). */
  @Column({ type: 'jsonb', default: EMPTY_ARRAY }) steps!: unknown[];
  @Column({ type: 'jsonb', nullable: true }) result!: Record<string, unknown> | null;
  /** Backup of the managed rows taken before applying, restored on rollback. */
  @Column({ type: 'jsonb', nullable: true }) backup!: Record<string, unknown> | null;
  @Column({ type: 'int', default: 0 }) attempt!: number;
  /** The failed or cancelled job this one retries; a retry is always a new row. */
  @Column({ type: 'uuid', nullable: true }) retryOfJobId!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) lockedBy!: string | null;
  @Column({ type: 'timestamptz', nullable: true }) lockedUntil!: Date | null;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
  @Column({ type: 'uuid', nullable: true }) createdBy!: string | null;
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'FK_deployment_job_app_user' })
  creator?: UserEntity | null;
}
