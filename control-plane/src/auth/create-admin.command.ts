import { Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { AuditLogEntity, UserEntity } from '../database/entities';
import { toUserResponse } from '../users/user.dto';
import { redactSecrets } from '../secrets';
import { oneTimePasswordBanner, type BootstrapOutput } from './bootstrap-admin.service';
import { generateBootstrapPassword, hashPassword } from './credentials';
import { SessionRepository } from './sessions/session.repository';

const USERNAME = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

/**
 * `node control-plane/dist/main.js create-admin <username>`: creates the admin, or resets an
 * existing user to an active admin, with a one-time password printed once. The way back in
 * when every admin password is lost; it needs the database, not the API.
 */
export async function createAdminCommand(config: AppConfig, rawUsername: string | undefined, output: BootstrapOutput): Promise<number> {
  const username = (rawUsername ?? '').trim().toLowerCase();
  if (!USERNAME.test(username)) {
    output('usage: main.js create-admin <username>   (1–64 of a-z 0-9 . _ @ -)\n');
    return 64; // EX_USAGE
  }
  Logger.overrideLogger(['error']);
  const database = await Database.open(config);
  try {
    const password = generateBootstrapPassword();
    const passwordHash = await hashPassword(password);
    const { user, created } = await database.transaction(async (tx) => {
      const existing = await tx.findOneBy(UserEntity, { username });
      const before = existing ? toUserResponse(existing) : null;
      const saved = await tx.save(
        Object.assign(existing ?? tx.create(UserEntity, { username, lastLoginAt: null }), { passwordHash, role: 'admin', isActive: true, mustChangePassword: true }),
      );
      // A reset password ends the account's sessions, as an admin's reset through the API does.
      // Running replicas notice within their session cache's few seconds.
      if (existing) await new SessionRepository(database).revokeAllOfUser(tx, saved.id, 'password-changed');
      await tx.save(tx.create(AuditLogEntity, {
        actorType: 'system',
        actorId: null,
        actorName: 'cli',
        action: existing ? 'user.reset-admin' : 'user.create-admin',
        resourceType: 'user',
        resourceId: saved.id,
        before: before && (JSON.parse(JSON.stringify(redactSecrets(before))) as Record<string, unknown>),
        after: JSON.parse(JSON.stringify(redactSecrets(toUserResponse(saved)))) as Record<string, unknown>,
      }));
      return { user: saved, created: !existing };
    });
    output(oneTimePasswordBanner(user.username, password, created ? 'created an admin account.' : 'reset this account to an active admin.'));
    return 0;
  } finally {
    await database.close();
  }
}
