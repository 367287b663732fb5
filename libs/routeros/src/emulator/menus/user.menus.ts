import { printPolicies } from '../field-types';
import { COMMON_FIELDS, TEXT, type MenuDef } from './menu.model';

/**
 * `/user/group` and `/user` (MikroTik manual "User"; ROUTEROS-REST.md §1, §6). Any user with
 * `read` may list them, which is how a connection test learns its own policies; changing
 * them takes `write` and `policy` ("policy - grants user management rights. Should be used
 * together with the write policy"). Passwords are write-only.
 */
export const USER_GROUP_MENU: MenuDef = {
  path: '/user/group',
  fields: { comment: TEXT, name: TEXT, policy: { type: { kind: 'policies' }, default: printPolicies(new Set()) }, skin: { ...TEXT, default: 'default' } },
  required: ['name'],
  canCreate: true,
  canDelete: true,
  named: true,
  writePolicy: 'policy',
  // No capture gives the group wording; it follows the user one below [?].
  check: (row, others) => (others.some((other) => other['name'] === row['name']) ? 'failure: group with the same name already exists' : undefined),
};

export const USER_MENU: MenuDef = {
  path: '/user',
  fields: { ...COMMON_FIELDS, name: TEXT, group: { type: { kind: 'group' } }, password: TEXT, address: TEXT },
  required: ['name', 'group'],
  canCreate: true,
  canDelete: true,
  named: true,
  writePolicy: 'policy',
  hidden: ['password'],
  // "failure: user with the same name already exists" (ROUTEROS-REST.md §6, TIKOCI users-rest).
  check: (row, others) => (others.some((other) => other['name'] === row['name']) ? 'failure: user with the same name already exists' : undefined),
};
