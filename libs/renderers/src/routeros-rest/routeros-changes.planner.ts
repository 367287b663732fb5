import { MENU_SCHEMAS, SENSITIVE_FIELDS } from './routeros-menu.schema';
import { needsMove, placementAnchor } from './routeros-placement.planner';
import {
  ROUTEROS_MENUS,
  type ApiCall,
  type CurrentRows,
  type DesiredRow,
  type FieldChange,
  type PlanOptions,
  type RouterOsMenu,
  type UnknownRow,
} from './routeros-rest.model';
import { diffRouterOsRows, resolvePeerPrefix } from './routeros-rows.differ';

/**
 * The REST calls that turn the router's tables into the desired rows, touching only rows
 * carrying this peer's managed comment. Pure: `current` is what GET /rest/<menu> returned,
 * foreign rows included (placement anchors on them).
 *
 * Order:
 * 1. DELETE stale rows, NAT first and interface last, so a replaced remote's allowed
 *    addresses are free before its successor claims them and nothing refers to a removed row;
 * 2. per menu in dependency order (interface, peers, addresses, routes, address list, filter,
 *    NAT): PATCH changed rows (only the differing fields; a field the row no longer sets is
 *    written back to its RouterOS default), POST move for filter rules someone moved below the
 *    first foreign drop, then PUT new rows, firewall rules with `place-before`.
 *
 * Planning again after the calls succeeded yields no calls.
 */
export function planRouterOsChanges(current: CurrentRows, desired: readonly DesiredRow[], options: PlanOptions = {}): ApiCall[] {
  const diff = diffRouterOsRows(current, desired, options);
  const prefix = resolvePeerPrefix(desired, options);
  const calls: ApiCall[] = [...ROUTEROS_MENUS].reverse().flatMap((menu) => diff.unknown.filter((row) => row.menu === menu).map(deleteCall));

  for (const menu of ROUTEROS_MENUS) {
    const table = current[menu] ?? [];
    for (const { row, id, fields } of diff.mismatched.filter((entry) => entry.row.menu === menu)) {
      calls.push({
        method: 'PATCH',
        path: `/rest${menu}/${id}`,
        body: Object.fromEntries(fields.map(({ field, expected }) => [field, expected])),
        change: change('update', row, fields.map(({ field, actual, expected }) => redact({ field, from: actual, to: expected }))),
      });
    }
    for (const row of desired.filter((candidate) => candidate.menu === menu)) {
      const existing = table.find((candidate) => candidate['comment'] === row.comment);
      const anchor = placementAnchor(menu, row.fields['chain'], table, prefix);
      if (existing && anchor && needsMove(menu, existing, anchor, table)) {
        calls.push({
          method: 'POST',
          path: `/rest${menu}/move`,
          body: { numbers: existing['.id'] ?? '', destination: anchor['.id'] ?? '' },
          change: change('move', row),
        });
      }
    }
    for (const row of diff.missing.filter((entry) => entry.menu === menu)) {
      const anchor = placementAnchor(menu, row.fields['chain'], table, prefix);
      const body: Record<string, string> = { ...row.fields, comment: row.comment };
      // Only on create: RouterOS rejects place-before on PATCH ("unknown parameter").
      if (anchor) body['place-before'] = anchor['.id'] ?? '';
      calls.push({
        method: 'PUT',
        path: `/rest${menu}`,
        body,
        change: change('create', row, Object.entries(row.fields).map(([field, to]) => redact({ field, from: null, to }))),
      });
    }
  }
  return calls;
}

function change(kind: 'create' | 'update' | 'move', row: DesiredRow, fields?: FieldChange[]): ApiCall['change'] {
  return { kind, menu: row.menu, key: row.key, comment: row.comment, label: row.label, ...(fields ? { fields } : {}) };
}

function deleteCall(row: UnknownRow): ApiCall {
  return {
    method: 'DELETE',
    path: `/rest${row.menu}/${row.id}`,
    change: { kind: 'delete', menu: row.menu, key: null, comment: row.comment, fields: deletedFields(row.menu, row) },
  };
}

/** What the deleted row held, minus identity and read-only state, for the preview. */
function deletedFields(menu: RouterOsMenu, row: UnknownRow): FieldChange[] {
  const skip = new Set(['.id', 'comment', ...MENU_SCHEMAS[menu].readOnly]);
  return Object.entries(row.current)
    .filter(([field]) => !skip.has(field))
    .map(([field, from]) => redact({ field, from, to: null }));
}

function redact(change: FieldChange): FieldChange {
  if (!SENSITIVE_FIELDS.has(change.field)) return change;
  const hide = (value: string | null): string | null => (value === null ? null : '(secret)');
  return { field: change.field, from: hide(change.from), to: hide(change.to) };
}
