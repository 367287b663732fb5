import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { UserRepository } from '../users/user.repository';
import { toUserResponse } from '../users/user.dto';
import { generateBootstrapPassword, hashPassword } from './credentials';

export const BOOTSTRAP_ADMIN_USERNAME = 'admin';

/** Where the one-time password goes: the terminal, never the structured log. */
export const BOOTSTRAP_OUTPUT = Symbol('BOOTSTRAP_OUTPUT');
export type BootstrapOutput = (text: string) => void;
export const stdoutOutput: BootstrapOutput = (text) => {
  process.stdout.write(text);
};

/** The banner with the password; shared with the `create-admin` command. */
export const oneTimePasswordBanner = (username: string, password: string, what: string): string =>
  `\n${'='.repeat(72)}\nwom control plane: ${what}\n  username:          ${username}\n  one-time password: ${password}\n` +
  `Log in with POST /api/auth/login and set your own password (POST /api/auth/password).\nThis password is shown only this once.\n${'='.repeat(72)}\n\n`;

/**
 * First start in multi-user mode with no users: creates `admin` with a one-time password,
 * prints it once, and flags it so the account can do nothing until the password is changed.
 */
@Injectable()
export class BootstrapAdminService implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(BOOTSTRAP_OUTPUT) private readonly output: BootstrapOutput,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.authMode !== 'multi-user' || (await this.users.count()) > 0) return;
    const password = generateBootstrapPassword();
    const user = await this.users.insertFirst({ username: BOOTSTRAP_ADMIN_USERNAME, passwordHash: await hashPassword(password), role: 'admin', mustChangePassword: true });
    if (!user) return; // another instance got there first
    await this.audit.record(null, { action: 'user.bootstrap', entityType: 'user', entityId: user.id, after: toUserResponse(user) }, { type: 'system', id: null, name: 'bootstrap' });
    this.output(oneTimePasswordBanner(user.username, password, 'created the first admin account.'));
  }
}
