import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { CreatedAt, UuidPk } from './columns';
import { PeerEntity } from './peer.entity';
import { UserEntity } from './user.entity';

/** A one-time, expiring token an agent trades for its credentials; only the hash is stored. */
@Entity('enrollment_token')
@Unique('UQ_enrollment_token_hash', ['tokenHash'])
@Index('IDX_enrollment_token_peer', ['peerId'])
export class EnrollmentTokenEntity {
  @UuidPk('enrollment_token') id!: string;
  @Column({ type: 'uuid' }) peerId!: string;
  @ManyToOne(() => PeerEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'peer_id', foreignKeyConstraintName: 'FK_enrollment_token_peer' })
  peer?: PeerEntity;
  @Column({ type: 'varchar', length: 128 }) tokenHash!: string;
  @Column({ type: 'timestamptz' }) expiresAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) usedAt!: Date | null;
  @Column({ type: 'uuid', nullable: true }) createdBy!: string | null;
  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'FK_enrollment_token_app_user' })
  creator?: UserEntity | null;
  @CreatedAt() createdAt!: Date;
}
