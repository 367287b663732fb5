import { Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { CreatedAt, UuidPk } from './columns';
import { UserEntity, type UserRole } from './user.entity';

/** An API key: only its hash is stored; `prefix` lets a user recognise it in lists. */
@Entity('api_key')
@Unique('UQ_api_key_key_hash', ['keyHash'])
@Index('IDX_api_key_user', ['userId'])
export class ApiKeyEntity {
  @UuidPk('api_key') id!: string;
  @Column({ type: 'varchar', length: 64 }) name!: string;
  @Column({ type: 'varchar', length: 16 }) prefix!: string;
  @Column({ type: 'varchar', length: 128 }) keyHash!: string;
  @Column({ type: 'varchar', length: 16 }) role!: UserRole;
  @Column({ type: 'uuid', nullable: true }) userId!: string | null;
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_api_key_app_user' })
  user?: UserEntity | null;
  @CreatedAt() createdAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) lastUsedAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) expiresAt!: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
}
