import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { UuidPk } from './columns';
import { DeploymentJobEntity } from './deployment-job.entity';
import { PeerEntity } from './peer.entity';

/** One RouterOS REST call (spec §6.1.8). Bodies are stored with secrets redacted. */
@Entity('mikrotik_api_call_log')
@Index('IDX_mikrotik_api_call_log_job', ['deploymentJobId'])
@Index('IDX_mikrotik_api_call_log_peer_timestamp', ['peerId', 'timestamp'])
export class MikrotikApiCallLogEntity {
  @UuidPk('mikrotik_api_call_log') id!: string;
  @Column({ type: 'uuid', nullable: true }) deploymentJobId!: string | null;
  @ManyToOne(() => DeploymentJobEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'deployment_job_id', foreignKeyConstraintName: 'FK_mikrotik_api_call_log_deployment_job' })
  deploymentJob?: DeploymentJobEntity | null;
  @Column({ type: 'uuid' }) peerId!: string;
  @ManyToOne(() => PeerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'peer_id', foreignKeyConstraintName: 'FK_mikrotik_api_call_log_peer' })
  peer?: PeerEntity;

  @Column({ type: 'varchar', length: 8 }) method!: string;
  @Column({ type: 'varchar', length: 255 }) endpoint!: string;
  @Column({ type: 'jsonb', nullable: true }) requestBody!: unknown;
  @Column({ type: 'int', nullable: true }) responseStatus!: number | null;
  @Column({ type: 'jsonb', nullable: true }) responseBody!: unknown;
  @Column({ type: 'text', nullable: true }) errorMessage!: string | null;
  @Column({ type: 'int', nullable: true }) durationMs!: number | null;
  @CreateDateColumn({ type: 'timestamptz' }) timestamp!: Date;
}
