import { Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';
import { CreatedAt, EMPTY_ARRAY, UuidPk } from './columns';
import { UserEntity } from './user.entity';

/**
 * One signed-in browser or client: created by a login, kept alive by refreshes, ended by
 * logout, expiry or revocation. Access tokens name it (`sid`), so revoking it ends them too.
 */
@Entity('session')
@Index('IDX_session_user', ['userId'])
export class AuthSessionEntity {
  @UuidPk('session') id!: string;
  @Column({ type: 'uuid' }) userId!: string;
  @ManyToOne(() => UserEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'FK_session_app_user' })
  user?: UserEntity;
  /** SHA-256 hex of the current refresh token's secret; the secret itself is never stored. */
  @Column({ type: 'varchar', length: 64 }) refreshTokenHash!: string;
  /** Hashes of refresh tokens already rotated away, newest last: presenting one is reuse. */
  @Column({ type: 'jsonb', default: EMPTY_ARRAY }) previousRefreshTokenHashes!: string[];
  @Column({ type: 'timestamptz' }) refreshedAt!: Date;
  /** Absolute end: no refresh extends a session past it. */
  @Column({ type: 'timestamptz' }) expiresAt!: Date;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
  @Column({ type: 'varchar', length: 32, nullable: true }) revokedReason!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) clientAddress!: string | null;
  @Column({ type: 'varchar', length: 256, nullable: true }) userAgent!: string | null;
  @CreatedAt() createdAt!: Date;
}
