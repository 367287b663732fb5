/** One line of what an action will change on a device. */
export interface ChangeLine {
  readonly kind: 'add' | 'change' | 'remove' | 'note';
  readonly text: string;
}

/** The changes on one device (or one object), as the confirm dialog lists them. */
export interface DeviceChanges {
  readonly device: string;
  readonly lines: readonly ChangeLine[];
}

/** What the confirm dialog shows before the operator confirms. */
export interface ChangePreview {
  readonly summary: string;
  readonly devices: readonly DeviceChanges[];
}

/** One device's result after the action ran. */
export interface DeviceResult {
  readonly device: string;
  readonly outcome: 'failed' | 'unfinished' | 'succeeded';
  readonly reason: string | null;
  /** The job to retry, when there is one. */
  readonly jobId: string | null;
}

const OUTCOME_ORDER: Record<DeviceResult['outcome'], number> = { failed: 0, unfinished: 1, succeeded: 2 };

/**
 * Results with the failed devices first (then the unfinished, then the rest), each group by
 * name, so the routers that need attention are at the top.
 *
 * Example: [ok a, failed c, failed b] → [failed b, failed c, ok a].
 */
export function failedFirst(results: readonly DeviceResult[]): DeviceResult[] {
  return [...results].sort((x, y) => OUTCOME_ORDER[x.outcome] - OUTCOME_ORDER[y.outcome] || x.device.localeCompare(y.device));
}

/** A deploy-all answer's summary as device results. */
export function deployAllResults(summary: {
  readonly succeeded: readonly OutcomeLine[];
  readonly failed: readonly OutcomeLine[];
  readonly unfinished: readonly OutcomeLine[];
}): DeviceResult[] {
  const line = (outcome: DeviceResult['outcome']) => (l: OutcomeLine): DeviceResult => ({
    device: l.peerName,
    outcome,
    reason: outcome === 'failed' ? (l.errorMessage ?? `ended ${l.status}`) : outcome === 'unfinished' ? `still ${l.status}` : null,
    jobId: l.jobId,
  });
  return failedFirst([...summary.failed.map(line('failed')), ...summary.unfinished.map(line('unfinished')), ...summary.succeeded.map(line('succeeded'))]);
}

interface OutcomeLine {
  readonly jobId: string;
  readonly peerName: string;
  readonly status: string;
  readonly errorMessage: string | null;
}

/** Whether the typed text names the object exactly (surrounding spaces ignored). */
export function namesObject(typed: string, name: string): boolean {
  return typed.trim() === name;
}

const ROW_KIND: Record<string, ChangeLine['kind'] | null> = { create: 'add', delete: 'remove', update: 'change', move: 'change', unchanged: null };

/**
 * A RouterOS deployment preview (menus of row diffs, from POST …/mikrotik/preview or GET
 * …/removal-preview) as the lines of one device; unchanged rows are left out.
 */
export function routerChanges(device: string, preview: unknown): DeviceChanges {
  const menus = ((preview ?? {}) as { menus?: unknown }).menus;
  const lines: ChangeLine[] = [];
  for (const menu of Array.isArray(menus) ? (menus as { menu?: string; rows?: unknown[] }[]) : []) {
    for (const row of (menu.rows ?? []) as { kind?: string; label?: string; key?: string | null; comment?: string; fields?: { field: string; current: string | null; desired: string | null }[] }[]) {
      const kind = ROW_KIND[row.kind ?? ''] ?? (row.kind === undefined ? 'change' : null);
      if (kind === null) continue;
      const name = `${menu.menu ?? ''} ${row.label ?? row.key ?? row.comment ?? ''}`.trim();
      const fields = (row.fields ?? []).filter((f) => f.current !== f.desired).map((f) => (kind === 'remove' ? `${f.field}=${f.current}` : kind === 'add' ? `${f.field}=${f.desired}` : `${f.field}: ${f.current ?? '—'} → ${f.desired ?? '—'}`));
      lines.push({ kind, text: `${name}${fields.length > 0 ? ` (${fields.join(', ')})` : ''}` });
    }
  }
  return { device, lines };
}

/** Counts of the lines a preview holds, for its summary ("2 added, 1 changed, 0 removed"). */
export function countLines(devices: readonly DeviceChanges[]): string {
  const all = devices.flatMap((d) => d.lines);
  const n = (kind: ChangeLine['kind']) => all.filter((l) => l.kind === kind).length;
  return `${n('add')} added, ${n('change')} changed, ${n('remove')} removed`;
}

/** Drift findings a reconcile with these options would correct, from a drift report's entries. */
export function reconcileChanges(device: string, report: unknown, options: { reconcileMissing: boolean; reconcileMismatched: boolean; removeUnknown: boolean }): DeviceChanges {
  const entries = ((report ?? {}) as { entries?: unknown }).entries;
  const lines: ChangeLine[] = [];
  for (const entry of Array.isArray(entries) ? (entries as Record<string, unknown>[]) : []) {
    const kind = String(entry['kind'] ?? entry['type'] ?? '');
    const what = `${String(entry['menu'] ?? '')} ${String(entry['label'] ?? entry['comment'] ?? entry['key'] ?? '')}`.trim();
    if (kind === 'missing' && options.reconcileMissing) lines.push({ kind: 'add', text: `${what}: create the missing row` });
    else if ((kind === 'mismatched' || kind === 'misplaced') && options.reconcileMismatched) lines.push({ kind: 'change', text: `${what}: write back ${fieldList(entry)}` });
    else if (kind === 'unknown' && options.removeUnknown) lines.push({ kind: 'remove', text: `${what}: remove the row we did not plan` });
    else lines.push({ kind: 'note', text: `${what}: ${kind || 'drift'}, left as it is` });
  }
  return { device, lines };
}

function fieldList(entry: Record<string, unknown>): string {
  const fields = entry['fields'];
  if (!Array.isArray(fields) || fields.length === 0) return 'its position';
  return fields.map((f) => (typeof f === 'string' ? f : String((f as { field?: unknown }).field ?? '?'))).join(', ');
}
