import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { UserEntity } from '../../database/entities';
import type { UserRole } from '../principal';

/** Single sign-on accounts: users known by an issuer and subject, with no local password. */
@Injectable()
export class OidcAccountRepository {
  findByIdentity(manager: EntityManager, issuer: string, subject: string): Promise<UserEntity | null> {
    return manager.findOne(UserEntity, { where: { externalIssuer: issuer, externalSubject: subject }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * A new account named after the provider's `preferred_username` (or email). A name another
   * account already has gets a suffix from the identity: a provider user must never take over
   * a local account, or another provider user, by sharing its name.
   */
  async insert(manager: EntityManager, identity: { issuer: string; subject: string; preferredName: string }, role: UserRole): Promise<UserEntity> {
    const base = usernameFrom(identity.preferredName);
    const taken = await manager.existsBy(UserEntity, { username: base });
    const suffix = createHash('sha256').update(`${identity.issuer}\n${identity.subject}`).digest('hex').slice(0, 8);
    const username = taken ? `${base.slice(0, 55)}-${suffix}` : base;
    return manager.save(
      manager.create(UserEntity, { username, passwordHash: null, role, isActive: true, mustChangePassword: false, lastLoginAt: null, externalIssuer: identity.issuer, externalSubject: identity.subject }),
    );
  }

  save(manager: EntityManager, user: UserEntity): Promise<UserEntity> {
    return manager.save(user);
  }
}

/**
 * A user name within the console's rules (lower-case letters, digits, `._@-`, starting with a
 * letter or digit, at most 64), made from whatever the provider calls the user.
 *
 * @example usernameFrom('Alice Smith') // 'alice-smith'
 */
export function usernameFrom(name: string): string {
  const cleaned = name.normalize('NFKD').toLowerCase().replace(/[^a-z0-9._@-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 64);
  return cleaned === '' ? 'sso-user' : cleaned;
}
