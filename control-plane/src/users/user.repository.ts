import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Database } from '../database/database';
import { UserEntity } from '../database/entities';
import type { UserRole } from '../auth/principal';

export interface NewUser {
  readonly username: string;
  readonly passwordHash: string;
  readonly role: UserRole;
  readonly mustChangePassword: boolean;
}

@Injectable()
export class UserRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  findById(id: string, manager: EntityManager = this.database.manager): Promise<UserEntity | null> {
    return manager.findOneBy(UserEntity, { id });
  }

  findByUsername(username: string, manager: EntityManager = this.database.manager): Promise<UserEntity | null> {
    return manager.findOneBy(UserEntity, { username });
  }

  list(): Promise<UserEntity[]> {
    return this.database.manager.find(UserEntity, { order: { username: 'ASC' } });
  }

  count(): Promise<number> {
    return this.database.manager.count(UserEntity);
  }

  async insert(manager: EntityManager, user: NewUser): Promise<UserEntity> {
    return manager.save(manager.create(UserEntity, { ...user, isActive: true, lastLoginAt: null }));
  }

  /**
   * Creates the first user only while the table is empty, in one statement, so two
   * instances starting at once cannot both bootstrap. Null when someone already exists.
   */
  async insertFirst(user: NewUser): Promise<UserEntity | null> {
    const rows = (await this.database.manager.query(
      `INSERT INTO app_user (username, password_hash, role, must_change_password)
       SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT 1 FROM app_user)
       ON CONFLICT DO NOTHING RETURNING id`,
      [user.username, user.passwordHash, user.role, user.mustChangePassword],
    )) as { id: string }[];
    return rows[0] ? this.findById(rows[0].id) : null;
  }

  save(manager: EntityManager, user: UserEntity): Promise<UserEntity> {
    return manager.save(user);
  }

  async delete(manager: EntityManager, id: string): Promise<void> {
    await manager.delete(UserEntity, { id });
  }

  /** Locks the active admins, so two requests cannot remove the last two at once. */
  async lockActiveAdminIds(manager: EntityManager): Promise<string[]> {
    const rows = await manager
      .createQueryBuilder(UserEntity, 'u')
      .select('u.id', 'id')
      .where('u.role = :role AND u.isActive = true', { role: 'admin' })
      .setLock('pessimistic_write')
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }

  async touchLogin(id: string, passwordHash?: string): Promise<void> {
    await this.database.manager.update(UserEntity, { id }, { lastLoginAt: new Date(), ...(passwordHash ? { passwordHash } : {}) });
  }
}
