import { Column, Entity, Unique } from 'typeorm';
import { CreatedAt, UpdatedAt, UuidPk } from './columns';

export const USER_ROLES = ['admin', 'operator', 'read-only'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** A console user (spec §10.3). The table is `app_user`: `user` is reserved in PostgreSQL. */
@Entity('app_user')
@Unique('UQ_app_user_username', ['username'])
export class UserEntity {
  @UuidPk('app_user') id!: string;
  @Column({ type: 'varchar', length: 64 }) username!: string;
  /** argon2id hash. */
  @Column({ type: 'text' }) passwordHash!: string;
  @Column({ type: 'varchar', length: 16 }) role!: UserRole;
  @Column({ type: 'boolean', default: true }) isActive!: boolean;
  /** Set for the bootstrapped admin's one-time password. */
  @Column({ type: 'boolean', default: false }) mustChangePassword!: boolean;
  @Column({ type: 'timestamptz', nullable: true }) lastLoginAt!: Date | null;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
}
