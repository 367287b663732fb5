import { Column, Entity, Unique } from 'typeorm';
import { CreatedAt, UpdatedAt, UuidPk } from './columns';

export const USER_ROLES = ['admin', 'operator', 'read-only'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** A console user (spec §10.3). The table is `app_user`: `user` is reserved in PostgreSQL. */
@Entity('app_user')
@Unique('UQ_app_user_username', ['username'])
@Unique('UQ_app_user_external', ['externalIssuer', 'externalSubject'])
export class UserEntity {
  @UuidPk('app_user') id!: string;
  @Column({ type: 'varchar', length: 64 }) username!: string;
  /** argon2id hash; null for a single sign-on account, which has no local password. */
  @Column({ type: 'text', nullable: true }) passwordHash!: string | null;
  @Column({ type: 'varchar', length: 16 }) role!: UserRole;
  @Column({ type: 'boolean', default: true }) isActive!: boolean;
  /** Set for the bootstrapped admin's one-time password. */
  @Column({ type: 'boolean', default: false }) mustChangePassword!: boolean;
  @Column({ type: 'timestamptz', nullable: true }) lastLoginAt!: Date | null;
  /** The OIDC issuer and subject of a single sign-on account; both null for a local account. */
  @Column({ type: 'varchar', length: 512, nullable: true }) externalIssuer!: string | null;
  @Column({ type: 'varchar', length: 255, nullable: true }) externalSubject!: string | null;
  @CreatedAt() createdAt!: Date;
  @UpdatedAt() updatedAt!: Date;
}
