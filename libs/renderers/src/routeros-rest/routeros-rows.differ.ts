import { DomainError } from '@wom/domain';
import { hasManagedPrefix, isManagedComment, managedCommentPrefix, MANAGED_COMMENT_PREFIX } from './managed-comment';
import { MENU_SCHEMAS, ownedFields } from './routeros-menu.schema';
import {
  ROUTEROS_MENUS,
  type ConflictRow,
  type CurrentRows,
  type DesiredRow,
  type FieldMismatch,
  type MismatchedRow,
  type PlanOptions,
  type RouterOsDiff,
  type RouterOsMenu,
  type RouterOsRow,
  type UnknownRow,
} from './routeros-rest.model';
import { routerOsValuesEqual } from './routeros-value.normalizer';

/** `WAN-Overlay-Manager:` + `xxxxxxxx-xxxx-8`: the part of a comment shared by one peer's rows. */
const PEER_PREFIX_LENGTH = MANAGED_COMMENT_PREFIX.length + 15;

/**
 * Compares the router's tables with the desired rows of one peer. Rows match by exact
 * comment; only rows carrying this peer's prefix are ever reported as ours, so foreign rows
 * and other overlays' rows show up only as conflicts (they hold a name we need).
 *
 * - missing: desired rows with no row carrying their comment;
 * - mismatched: rows whose owned fields differ after normalising read-back forms;
 * - unknown: rows carrying this peer's prefix that no desired row claims (stale or duplicates);
 * - conflicts: desired rows whose unique properties a foreign row already holds.
 */
export function diffRouterOsRows(current: CurrentRows, desired: readonly DesiredRow[], options: PlanOptions = {}): RouterOsDiff {
  const prefix = resolvePeerPrefix(desired, options);
  const missing: DesiredRow[] = [];
  const mismatched: MismatchedRow[] = [];
  const unknown: UnknownRow[] = [];
  const conflicts: ConflictRow[] = [];
  const inSync: DesiredRow[] = [];

  for (const menu of ROUTEROS_MENUS) {
    const table = current[menu] ?? [];
    const ours = table.filter((row) => hasManagedPrefix(row['comment'], prefix));
    const byComment = new Map<string, RouterOsRow>();
    for (const row of ours) {
      requireId(row, menu);
      if (!byComment.has(row['comment'] ?? '')) byComment.set(row['comment'] ?? '', row);
    }
    const claimed = new Set<RouterOsRow>();
    for (const row of desired.filter((candidate) => candidate.menu === menu)) {
      const found = byComment.get(row.comment);
      const fields = found ? compareRow(row, found) : [];
      if (found) claimed.add(found);
      if (!found) missing.push(row);
      else if (fields.length > 0) mismatched.push({ row, id: found['.id'] ?? '', fields });
      else inSync.push(row);
      const touchesKey = !found || fields.some((mismatch) => MENU_SCHEMAS[menu].naturalKey.includes(mismatch.field));
      const blocker = touchesKey ? findNaturalKeyHolder(row, table, prefix) : undefined;
      if (blocker) conflicts.push({ row, id: blocker['.id'] ?? '', fields: MENU_SCHEMAS[menu].naturalKey });
    }
    for (const row of ours) {
      if (!claimed.has(row)) unknown.push({ menu, id: row['.id'] ?? '', comment: row['comment'] ?? '', current: row });
    }
  }
  return { missing, mismatched, unknown, conflicts, inSync };
}

/** The owned fields of `row` whose read-back value means something else. */
export function compareRow(row: DesiredRow, current: RouterOsRow): FieldMismatch[] {
  const defaults = MENU_SCHEMAS[row.menu].defaults;
  return Object.entries(ownedFields(row))
    .filter(([field, expected]) => !routerOsValuesEqual(field, expected, current[field], defaults[field]))
    .map(([field, expected]) => ({ field, expected, actual: current[field] ?? null }));
}

/** The comment prefix of the peer whose rows are planned. */
export function resolvePeerPrefix(desired: readonly DesiredRow[], options: PlanOptions): string {
  const first = desired[0];
  if (options.peerId === undefined && !first) {
    throw new DomainError('ROUTEROS.PLAN_INPUT', 'Cannot tell whose rows to manage: pass options.peerId when the desired row list is empty.', {
      field: 'options.peerId',
    });
  }
  const prefix = options.peerId !== undefined ? managedCommentPrefix(options.peerId) : (first?.comment ?? '').slice(0, PEER_PREFIX_LENGTH);
  const stranger = desired.find((row) => !isManagedComment(row.comment) || !row.comment.startsWith(prefix));
  if (stranger) {
    throw new DomainError(
      'ROUTEROS.PLAN_INPUT',
      `Desired row ${stranger.menu} "${stranger.key}" does not carry this peer's managed comment; plan one peer at a time.`,
      { menu: stranger.menu, key: stranger.key },
    );
  }
  return prefix;
}

function requireId(row: RouterOsRow, menu: RouterOsMenu): void {
  if (!row['.id']) {
    throw new DomainError(
      'ROUTEROS.ROW_WITHOUT_ID',
      `A managed ${menu} row came back without ".id"; read the table with .id in the property list.`,
      { menu, comment: row['comment'] },
    );
  }
}

/** A row outside this peer's config holding the natural key `row` needs, if any. */
function findNaturalKeyHolder(row: DesiredRow, table: readonly RouterOsRow[], prefix: string): RouterOsRow | undefined {
  const key = MENU_SCHEMAS[row.menu].naturalKey;
  if (key.length === 0) return undefined;
  return table.find(
    (candidate) =>
      !hasManagedPrefix(candidate['comment'], prefix) &&
      key.every((field) => routerOsValuesEqual(field, row.fields[field] ?? '', candidate[field])),
  );
}
