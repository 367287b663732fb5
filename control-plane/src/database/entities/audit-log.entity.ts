import { Column, CreateDateColumn, Entity, Index } from 'typeorm';
import { UuidPk } from './columns';

/**
 * Who changed what, when (spec §10.4). No foreign keys on purpose: the trail must outlive the
 * users, WANs and peers it talks about. `before`/`after` are stored with secrets redacted.
 */
@Entity('audit_log')
@Index('IDX_audit_log_at', ['at'])
@Index('IDX_audit_log_resource', ['resourceType', 'resourceId'])
// The audit list filtered by action, actor or WAN, newest first.
@Index('IDX_audit_log_action_at', ['action', 'at'])
@Index('IDX_audit_log_actor_at', ['actorName', 'at'])
@Index('IDX_audit_log_wan_at', ['wanId', 'at'])
export class AuditLogEntity {
  @UuidPk('audit_log') id!: string;
  @CreateDateColumn({ type: 'timestamptz' }) at!: Date;
  @Column({ type: 'varchar', length: 16 }) actorType!: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) actorId!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) actorName!: string | null;
  @Column({ type: 'varchar', length: 64 }) action!: string;
  @Column({ type: 'varchar', length: 32 }) resourceType!: string;
  @Column({ type: 'varchar', length: 64, nullable: true }) resourceId!: string | null;
  @Column({ type: 'uuid', nullable: true }) wanId!: string | null;
  @Column({ type: 'jsonb', nullable: true }) before!: Record<string, unknown> | null;
  @Column({ type: 'jsonb', nullable: true }) after!: Record<string, unknown> | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) ip!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) requestId!: string | null;
}
