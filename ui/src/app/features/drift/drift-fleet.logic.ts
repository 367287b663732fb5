import type { LiveEvent } from '../../core/live-event.logic';
import { previewDiff, type DiffRow } from '../mikrotik/diff.logic';

export type DriftKind = 'missing' | 'mismatched' | 'unknown' | 'misplaced';
export const DRIFT_KINDS: readonly DriftKind[] = ['missing', 'mismatched', 'unknown', 'misplaced'];

/** One device of `GET /api/wan/:wanId/drift`. */
export interface FleetDriftItem {
  readonly peerId: string;
  readonly name: string;
  readonly type: string;
  readonly deploymentMode: string;
  readonly source: 'router' | 'agent';
  readonly isOnline: boolean;
  readonly state: 'in-sync' | 'drifted' | 'unchecked';
  readonly checkedAt: string | null;
  readonly kinds: Readonly<Record<DriftKind, number>>;
  readonly entries: number;
}

export interface FleetDriftPage {
  readonly items: readonly FleetDriftItem[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
  readonly drifted: number;
}

/** The kinds a device shows, as chips: only those with findings, in a fixed order. */
export function driftChips(item: FleetDriftItem): { kind: DriftKind; count: number }[] {
  return DRIFT_KINDS.filter((kind) => (item.kinds[kind] ?? 0) > 0).map((kind) => ({ kind, count: item.kinds[kind] }));
}

export const STATE_LABEL: Readonly<Record<FleetDriftItem['state'], string>> = { 'in-sync': 'in sync', drifted: 'drifted', unchecked: 'not checked yet' };

/** Routers are checked and reconciled over their API; an agent checks and corrects its own box. */
export const canCheck = (item: FleetDriftItem): boolean => item.source === 'router';

/**
 * Whether a live event may change what the fleet view shows: a drift report stored (by a check
 * or an agent), or a drift-check, reconcile or deploy job ending. Progress ticks do not count.
 */
export function refreshesDrift(event: LiveEvent): boolean {
  if (event.type === 'config.changed') return /drift|applied|desired-state/.test(String(event.data['reason'] ?? ''));
  if (event.type === 'job.progress') return ['completed', 'failed', 'cancelled'].includes(String(event.data['status'] ?? ''));
  return false;
}

const CHANGE_OF_KIND: Readonly<Record<string, string>> = { missing: 'create', mismatched: 'update', unknown: 'delete', misplaced: 'move' };

/**
 * A router's stored drift report as side-by-side rows (the router left, desired right), through
 * the same `previewDiff` a deployment preview uses: missing rows are added, unknown ones removed,
 * mismatched and misplaced ones changed.
 */
export function driftDiff(report: unknown): DiffRow[] {
  const entries = ((report ?? {}) as { entries?: unknown }).entries;
  if (!Array.isArray(entries)) return [];
  const menus = new Map<string, unknown[]>();
  for (const entry of entries as { kind?: string; menu?: string; key?: string; label?: string; comment?: string; fields?: { field: string; expected: string | null; actual: string | null }[] }[]) {
    const menu = entry.menu ?? '';
    const rows = menus.get(menu) ?? [];
    rows.push({
      kind: CHANGE_OF_KIND[entry.kind ?? ''] ?? 'update',
      label: entry.label,
      key: entry.key,
      comment: entry.comment,
      fields: (entry.fields ?? []).map((f) => ({ field: f.field, current: f.actual, desired: f.expected })),
    });
    menus.set(menu, rows);
  }
  return previewDiff({ menus: [...menus].map(([menu, rows]) => ({ menu, rows })) });
}
