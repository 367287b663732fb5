import {
  MENU_SCHEMAS,
  ROUTEROS_MENUS,
  SENSITIVE_FIELDS,
  diffRouterOsRows,
  ownedFields,
  planRouterOsChanges,
  type ApiCall,
  type CurrentRows,
  type RouterOsDiff,
} from '@wom/renderers';
import type { DeploymentConflict, FieldDiff, MenuDiff, RowChangeKind, RowDiff } from './engine.types';
import type { ResolvedConfig } from './desired-config';

/** Everything the engine derives from one read of the router: the diff, the calls, the preview rows. */
export interface DeploymentPlan {
  readonly diff: RouterOsDiff;
  readonly calls: readonly ApiCall[];
  readonly menus: readonly MenuDiff[];
  readonly conflicts: readonly DeploymentConflict[];
  readonly summary: Readonly<Record<RowChangeKind, number>>;
}

const SECRET = '(secret)';

/** Pure: the router's tables and the desired rows → what would change and how. */
export function planDeployment(tables: CurrentRows, config: ResolvedConfig): DeploymentPlan {
  const options = { peerId: config.peerId };
  const diff = diffRouterOsRows(tables, config.rows, options);
  const calls = planRouterOsChanges(tables, config.rows, options);
  const rows: RowDiff[] = [];

  for (const call of calls.filter((candidate) => candidate.change.kind === 'delete')) {
    const id = call.path.slice(call.path.lastIndexOf('/') + 1);
    rows.push({ kind: 'delete', menu: call.change.menu, key: null, comment: call.change.comment, id, fields: (call.change.fields ?? []).map(({ field, from }) => ({ field, current: from, desired: null })) });
  }
  for (const { row, id, fields } of diff.mismatched) {
    rows.push({ kind: 'update', menu: row.menu, key: row.key, comment: row.comment, label: row.label, id, fields: fields.map(({ field, actual, expected }) => hide({ field, current: actual, desired: expected })) });
  }
  const moved = new Set<string>();
  for (const call of calls.filter((candidate) => candidate.change.kind === 'move')) {
    const table = tables[call.change.menu] ?? [];
    const id = call.body?.['numbers'] ?? '';
    const anchor = call.body?.['destination'] ?? '';
    moved.add(call.change.comment);
    const position = (rowId: string): string => String(table.findIndex((row) => row['.id'] === rowId));
    rows.push({
      kind: 'move',
      menu: call.change.menu,
      key: call.change.key,
      comment: call.change.comment,
      ...(call.change.label ? { label: call.change.label } : {}),
      id,
      fields: [{ field: 'position', current: position(id), desired: `before ${anchor} (position ${position(anchor)})` }],
    });
  }
  for (const row of diff.missing) {
    rows.push({ kind: 'create', menu: row.menu, key: row.key, comment: row.comment, label: row.label, fields: Object.entries(row.fields).map(([field, value]) => hide({ field, current: null, desired: value })) });
  }
  for (const row of diff.inSync.filter((candidate) => !moved.has(candidate.comment))) {
    const id = (tables[row.menu] ?? []).find((candidate) => candidate['comment'] === row.comment)?.['.id'];
    const fields = Object.entries(ownedFields(row)).map(([field, value]) => hide({ field, current: value, desired: value }));
    rows.push({ kind: 'unchanged', menu: row.menu, key: row.key, comment: row.comment, label: row.label, ...(id ? { id } : {}), fields });
  }

  const menus = ROUTEROS_MENUS.map((menu) => ({ menu, rows: rows.filter((row) => row.menu === menu) })).filter((menu) => menu.rows.length > 0);
  const summary: Record<RowChangeKind, number> = { create: 0, update: 0, delete: 0, move: 0, unchanged: 0 };
  for (const row of rows) summary[row.kind]++;
  const conflicts = diff.conflicts.map(({ row, id, fields }) => ({
    menu: row.menu,
    key: row.key,
    id,
    fields,
    message: `${row.label}: row ${id} in ${row.menu}, which this product does not manage, already holds ${fields.map((field) => `${field}=${row.fields[field] ?? ''}`).join(', ')}. Rename or remove that row on the router, or choose another ${MENU_SCHEMAS[row.menu].naturalKey.join('/')}.`,
  }));
  return { diff, calls, menus, conflicts, summary };
}

function hide(diff: FieldDiff): FieldDiff {
  if (!SENSITIVE_FIELDS.has(diff.field)) return diff;
  return { field: diff.field, current: diff.current === null ? null : SECRET, desired: diff.desired === null ? null : SECRET };
}
