import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hashPassword } from '../auth/credentials';
import { hasRole } from '../auth/principal';
import { CredentialRevoker } from '../auth/sessions/credential-revoker';
import { AppError } from '../common/errors/app-error';
import { Database } from '../database/database';
import type { UserEntity } from '../database/entities';
import { toUserResponse, type CreateUserDto, type UpdateUserDto, type UserResponse } from './user.dto';
import { UserRepository } from './user.repository';

/** User administration (admin only, spec §10.3). Every change is audited in its transaction. */
@Injectable()
export class UserService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(CredentialRevoker) private readonly revoker: CredentialRevoker,
  ) {}

  async list(): Promise<UserResponse[]> {
    return (await this.users.list()).map(toUserResponse);
  }

  async create(dto: CreateUserDto): Promise<UserResponse> {
    const passwordHash = await hashPassword(dto.password);
    return this.database.transaction(async (tx) => {
      if (await this.users.findByUsername(dto.username, tx)) throw nameTaken(dto.username);
      const user = await this.users.insert(tx, { username: dto.username, passwordHash, role: dto.role, mustChangePassword: dto.mustChangePassword ?? true });
      const after = toUserResponse(user);
      await this.audit.record(tx, { action: 'user.create', entityType: 'user', entityId: user.id, after });
      return after;
    });
  }

  /**
   * A password reset, a disable or a role change ends all the user's sessions; a disable or a
   * demotion also revokes the API keys they own. Re-enabling revives none of them.
   */
  async update(id: string, dto: UpdateUserDto): Promise<UserResponse> {
    const passwordHash = dto.password !== undefined ? await hashPassword(dto.password) : undefined;
    const updated = await this.database.transaction(async (tx) => {
      const user = await this.require(tx, id);
      const before = toUserResponse(user);
      const staysAdmin = (dto.role ?? user.role) === 'admin' && !(dto.disabled ?? !user.isActive);
      if (!staysAdmin) await this.keepAnAdmin(tx, user);
      const roleChanged = dto.role !== undefined && dto.role !== user.role;
      const demoted = roleChanged && !hasRole(dto.role!, user.role);
      const disabled = dto.disabled === true && user.isActive;
      if (dto.role !== undefined) user.role = dto.role;
      if (dto.disabled !== undefined) user.isActive = !dto.disabled;
      if (passwordHash !== undefined) Object.assign(user, { passwordHash, mustChangePassword: true });
      const after = toUserResponse(await this.users.save(tx, user));
      const reason = disabled ? 'user-disabled' : passwordHash !== undefined ? 'password-changed' : roleChanged ? 'role-changed' : null;
      const revokedSessions = reason === null ? 0 : await this.revoker.revokeSessions(tx, id, reason);
      const revokedApiKeys = disabled || demoted ? await this.revoker.revokeApiKeys(tx, id) : 0;
      // The hash never enters the trail; that the password was reset does.
      await this.audit.record(tx, { action: 'user.update', entityType: 'user', entityId: id, before, after: { ...after, passwordReset: passwordHash !== undefined, revokedSessions, revokedApiKeys } });
      return after;
    });
    this.revoker.forgetCached(id);
    return updated;
  }

  delete(id: string): Promise<void> {
    return this.database.transaction(async (tx) => {
      const user = await this.require(tx, id);
      await this.keepAnAdmin(tx, user);
      await this.users.delete(tx, id);
      await this.audit.record(tx, { action: 'user.delete', entityType: 'user', entityId: id, before: toUserResponse(user) });
    }).then(() => this.revoker.forgetCached(id));
  }

  /** Refuses a change that would leave no active admin, which nobody could undo. */
  private async keepAnAdmin(tx: EntityManager, user: UserEntity): Promise<void> {
    const admins = await this.users.lockActiveAdminIds(tx);
    if (admins.length === 1 && admins[0] === user.id) {
      throw new AppError('USER.LAST_ADMIN', `"${user.username}" is the last active admin. Make another user admin first.`, { fields: [] });
    }
  }

  private async require(tx: EntityManager, id: string): Promise<UserEntity> {
    const user = await this.users.findById(id, tx);
    if (!user) throw new AppError('USER.NOT_FOUND', `No user has the id ${id}. List users with GET /api/users.`);
    return user;
  }
}

const nameTaken = (username: string) => {
  const reason = `A user named "${username}" already exists. Choose another name.`;
  return new AppError('USER.NAME_TAKEN', reason, { fields: [{ field: 'username', reason }] });
};
