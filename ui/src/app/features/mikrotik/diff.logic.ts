/** One row of a side-by-side diff: the left (current) and right (desired) line, and how they differ. */
export interface DiffRow {
  readonly kind: 'same' | 'removed' | 'added' | 'changed';
  readonly left: string | null;
  readonly right: string | null;
}

/** Lines longer than this many per side are compared without alignment, to bound the work. */
const MAX_LINES = 4000;

/**
 * Aligns two texts line by line (longest common subsequence) for a side-by-side view. A removal
 * directly followed by an addition is shown as one changed row.
 *
 * Example: `sideBySide('a\nb', 'a\nc')` → `[same a|a, changed b|c]`.
 */
export function sideBySide(current: string, desired: string): DiffRow[] {
  const a = splitLines(current);
  const b = splitLines(desired);
  if (a.length > MAX_LINES || b.length > MAX_LINES) {
    return Array.from({ length: Math.max(a.length, b.length) }, (_, i) => row(a[i] ?? null, b[i] ?? null));
  }
  const lcs = lcsTable(a, b);
  const ops: DiffRow[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push({ kind: 'same', left: a[i]!, right: b[j]! });
      i++;
      j++;
    } else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! > lcs[i + 1]![j]!)) {
      ops.push({ kind: 'added', left: null, right: b[j++]! });
    } else {
      ops.push({ kind: 'removed', left: a[i++]!, right: null });
    }
  }
  return pairChanges(ops);
}

function row(left: string | null, right: string | null): DiffRow {
  return { kind: left === right ? 'same' : left === null ? 'added' : right === null ? 'removed' : 'changed', left, right };
}

/** Turns runs of removals followed by additions into changed rows, side by side. */
function pairChanges(ops: DiffRow[]): DiffRow[] {
  const rows: DiffRow[] = [];
  for (let k = 0; k < ops.length; ) {
    if (ops[k]!.kind !== 'removed') {
      rows.push(ops[k++]!);
      continue;
    }
    const removed: string[] = [];
    while (k < ops.length && ops[k]!.kind === 'removed') removed.push(ops[k++]!.left!);
    const added: string[] = [];
    while (k < ops.length && ops[k]!.kind === 'added') added.push(ops[k++]!.right!);
    for (let n = 0; n < Math.max(removed.length, added.length); n++) rows.push(row(removed[n] ?? null, added[n] ?? null));
  }
  return rows;
}

function lcsTable(a: readonly string[], b: readonly string[]): number[][] {
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  }
  return table;
}

function splitLines(text: string): string[] {
  return text === '' ? [] : text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
}

/** Counts for a summary line ("3 changed, 1 added, 0 removed"). */
export function diffSummary(rows: readonly DiffRow[]): { changed: number; added: number; removed: number } {
  return {
    changed: rows.filter((r) => r.kind === 'changed').length,
    added: rows.filter((r) => r.kind === 'added').length,
    removed: rows.filter((r) => r.kind === 'removed').length,
  };
}

/**
 * RouterOS rows (or any JSON) as stable text lines for diffing: one line per row, keys sorted,
 * the router's own bookkeeping (`.id`, counters) left out so only configuration differences show.
 */
export function rowsAsText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map((item) => rowLine(item)).join('\n');
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .sort(([x], [y]) => x.localeCompare(y))
      .flatMap(([menu, rows]) => [`# ${menu}`, ...(Array.isArray(rows) ? rows.map((r) => rowLine(r)) : [rowLine(rows)])])
      .join('\n');
  }
  return '';
}

const NOISE = new Set(['.id', 'rx', 'tx', 'last-handshake', 'current-endpoint-address', 'current-endpoint-port', 'dynamic', 'invalid', 'running', 'inactive', 'bytes', 'packets']);

function rowLine(row: unknown): string {
  if (!row || typeof row !== 'object') return String(row);
  return Object.entries(row as Record<string, unknown>)
    .filter(([key]) => !NOISE.has(key))
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
}

/** One planned RouterOS REST call, as the preview lists it. */
export interface PlannedCall {
  readonly method: string;
  readonly path: string;
  readonly summary: string;
}

/** Reads the planned calls of a preview, whatever the exact field names. */
export function plannedCalls(preview: unknown): PlannedCall[] {
  const record = (preview ?? {}) as Record<string, unknown>;
  const list = (record['calls'] ?? record['apiCalls'] ?? record['plan'] ?? []) as unknown;
  if (!Array.isArray(list)) return [];
  return list.map((call) => {
    const c = (call ?? {}) as Record<string, unknown>;
    const body = c['body'] ?? c['requestBody'];
    return {
      method: String(c['method'] ?? '?').toUpperCase(),
      path: String(c['path'] ?? c['endpoint'] ?? ''),
      summary: body && typeof body === 'object' ? rowLine(body) : String(c['reason'] ?? c['description'] ?? ''),
    };
  });
}

const CHANGE_KIND: Record<string, DiffRow['kind']> = { create: 'added', delete: 'removed', update: 'changed', move: 'changed', unchanged: 'same' };

/**
 * A deployment preview (`menus` of row diffs with per-field current/desired values) as
 * side-by-side rows: one row per router row, the current values left and the desired right.
 * Rows that stay unchanged are left out; secrets arrive already masked.
 */
export function previewDiff(preview: unknown): DiffRow[] {
  const menus = ((preview ?? {}) as { menus?: unknown }).menus;
  if (!Array.isArray(menus)) return [];
  const rows: DiffRow[] = [];
  for (const menu of menus as { menu?: string; rows?: unknown[] }[]) {
    for (const row of (menu.rows ?? []) as { kind?: string; label?: string; key?: string | null; comment?: string; fields?: { field: string; current: string | null; desired: string | null }[] }[]) {
      const kind = CHANGE_KIND[row.kind ?? ''] ?? 'changed';
      if (kind === 'same') continue;
      const name = `${menu.menu ?? ''} ${row.label ?? row.key ?? row.comment ?? ''}`.trim();
      const side = (pick: 'current' | 'desired') => `${name}: ${(row.fields ?? []).filter((f) => f[pick] !== null).map((f) => `${f.field}=${f[pick]}`).join(' ')}`;
      rows.push({ kind, left: kind === 'added' ? null : side('current'), right: kind === 'removed' ? null : side('desired') });
    }
  }
  return rows;
}

export interface DriftView {
  readonly inSync: boolean;
  readonly checkedAt: string | null;
  readonly entries: number;
}

/** Reads a drift report (`inSync`, `entries`, `checkedAt`) tolerantly. */
export function toDriftView(report: unknown): DriftView {
  const r = (report ?? {}) as { inSync?: unknown; entries?: unknown; checkedAt?: unknown };
  return { inSync: r.inSync !== false, checkedAt: typeof r.checkedAt === 'string' ? r.checkedAt : null, entries: Array.isArray(r.entries) ? r.entries.length : 0 };
}

export const driftText = (view: DriftView) => (view.inSync ? 'in sync' : `drifted: ${view.entries} row(s) differ from the desired state. Reconcile or deploy to fix.`);
