import { ALL_POLICIES, type EmulatedGroup, type Policy, type Row, type RouterOptions, type Session } from './emulator.model';
import { grantedPolicies, printPolicies } from './field-types';
import type { RouterTables } from './router-tables';

const READ_GROUP: readonly Policy[] = ['local', 'telnet', 'ssh', 'reboot', 'read', 'test', 'winbox', 'password', 'web', 'sniff', 'api', 'romon', 'rest-api'];

/**
 * RouterOS ships the groups `read`, `write` and `full` (MikroTik manual "User", default
 * groups); `write` is `read` plus `write`, `full` has every policy. Their exact policy lists
 * vary between releases [?]; the emulator uses the common core.
 */
export const BUILT_IN_GROUPS: readonly EmulatedGroup[] = [
  { name: 'read', policies: READ_GROUP },
  { name: 'write', policies: [...READ_GROUP, 'write'] },
  { name: 'full', policies: ALL_POLICIES },
];

/**
 * The `/user/group` and `/user` rows a router starts with: the built-in groups, the options'
 * groups, a group of its own for every user given only policies, and the users (default:
 * `admin`, empty password, group `full`). Passwords sit in the rows but are never printed.
 */
export function initialUserRows(options: RouterOptions): { groups: Row[]; users: Row[] } {
  const users = options.users ?? [{ name: 'admin', password: '', group: 'full' }];
  const groups = new Map<string, readonly Policy[]>();
  for (const group of [...BUILT_IN_GROUPS, ...(options.groups ?? [])]) groups.set(group.name, group.policies);
  for (const user of users) if (user.group === undefined || user.policies !== undefined) groups.set(user.group ?? user.name, user.policies ?? []);
  return {
    groups: [...groups].map(([name, policies]) => ({ name, policy: printPolicies(new Set(policies)), skin: 'default' })),
    users: users.map((user) => ({ name: user.name, group: user.group ?? user.name, password: user.password, disabled: 'false' })),
  };
}

/** Basic-auth credentials → the session they open, or undefined for a wrong or disabled user. */
export function authenticateUser(tables: RouterTables, name: string, password: string): Session | undefined {
  const user = tables.rows('/user').find((row) => row['name'] === name && row['disabled'] !== 'true');
  if (!user || (user['password'] ?? '') !== password) return undefined;
  const group = tables.rows('/user/group').find((row) => row['name'] === user['group']);
  return { name, group: user['group'] ?? '', policies: grantedPolicies(group?.['policy'] ?? '') };
}
