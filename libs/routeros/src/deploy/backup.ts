import { hasManagedPrefix, isManagedByPeer, managedCommentPrefix, ROUTEROS_MENUS, type CurrentRows, type RouterOsMenu } from '@wom/renderers';
import { configurableFields } from './desired-config';
import type { BackupRow, DeploymentBackup } from './engine.types';
import { DeployError } from './engine-errors';

/**
 * The rows of `peerId`'s config as `tables` holds them, per menu in list order, each with the
 * id of the row that followed it so a restore can put it back in place. Read-only state and
 * secrets are left out: a backup is stored as plain JSON, and the private key never leaves
 * the router.
 */
export function takeBackup(tables: CurrentRows, peerId: string, routerIdentity: string | null, takenAt: Date): DeploymentBackup {
  const prefix = managedCommentPrefix(peerId);
  const backup: Partial<Record<RouterOsMenu, BackupRow[]>> = {};
  for (const menu of ROUTEROS_MENUS) {
    const table = tables[menu] ?? [];
    backup[menu] = table.flatMap((row, index) =>
      hasManagedPrefix(row['comment'], prefix) ? [{ row: configurableFields(menu, row), before: table[index + 1]?.['.id'] ?? null }] : [],
    );
  }
  return { format: 'wom.routeros-backup/1', peerId, takenAt: takenAt.toISOString(), routerIdentity, tables: backup };
}

const ROW_ID = /^\*[0-9A-Fa-f]{1,16}$/;
const FIELD_NAME = /^[a-z][a-z0-9-]{0,63}$/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * A backup comes back from storage, so it is checked before it drives any write: every row
 * must carry this peer's managed comment (a tampered backup can never touch a foreign row),
 * every id and property name must look like RouterOS's, and no value may hold control
 * characters.
 */
export function validateBackup(value: unknown): DeploymentBackup {
  const fail = (field: string, why: string): DeployError =>
    new DeployError('DEPLOY.INVALID_BACKUP', `backup${field} ${why}`, 'Use a backup returned by a deployment of this peer, unchanged.');
  if (typeof value !== 'object' || value === null) throw fail('', 'is not an object.');
  const backup = value as Partial<DeploymentBackup>;
  if (backup.format !== 'wom.routeros-backup/1') throw fail('.format', 'is not "wom.routeros-backup/1".');
  if (typeof backup.peerId !== 'string' || backup.peerId === '') throw fail('.peerId', 'is missing.');
  if (typeof backup.tables !== 'object' || backup.tables === null) throw fail('.tables', 'is missing.');
  for (const [menu, rows] of Object.entries(backup.tables)) {
    if (!(ROUTEROS_MENUS as readonly string[]).includes(menu)) throw fail(`.tables["${menu.slice(0, 40)}"]`, 'is not a managed menu.');
    if (!Array.isArray(rows)) throw fail(`.tables["${menu}"]`, 'is not a list.');
    rows.forEach((entry: Partial<BackupRow>, index) => {
      const at = `.tables["${menu}"][${index}]`;
      const row = entry?.row as Record<string, unknown> | undefined;
      if (typeof row !== 'object' || row === null) throw fail(`${at}.row`, 'is missing.');
      if (!isManagedByPeer(row['comment'] as string | undefined, backup.peerId as string)) throw fail(`${at}.row.comment`, "is not this peer's managed comment.");
      if (typeof row['.id'] !== 'string' || !ROW_ID.test(row['.id'])) throw fail(`${at}.row[".id"]`, 'is not a RouterOS id like *1A.');
      if (entry.before !== null && (typeof entry.before !== 'string' || !ROW_ID.test(entry.before))) throw fail(`${at}.before`, 'is not a RouterOS id or null.');
      for (const [field, fieldValue] of Object.entries(row)) {
        if (field !== '.id' && !FIELD_NAME.test(field)) throw fail(`${at}.row`, `has a property name that RouterOS does not use: "${field.slice(0, 40)}".`);
        if (typeof fieldValue !== 'string' || CONTROL.test(fieldValue)) throw fail(`${at}.row["${field}"]`, 'is not a single-line string.');
      }
    });
  }
  return backup as DeploymentBackup;
}
