import type { RoutingConflict } from '@wom/domain';

/** A stored conflict as the plan needs it. */
export interface StoredConflictState {
  readonly id: string;
  readonly conflictKey: string;
  readonly status: string;
  readonly detail: Record<string, unknown>;
}

export interface ConflictSyncPlan {
  readonly insert: readonly RoutingConflict[];
  /** Rows whose detail is refreshed; `reopen` when a resolved conflict changed shape. */
  readonly update: readonly { readonly id: string; readonly conflict: RoutingConflict; readonly reopen: boolean }[];
  /** Rows whose conflict is no longer detected. */
  readonly remove: readonly string[];
}

/**
 * What makes a conflict the same conflict for a user who accepted it: who routes what and
 * where they collide. Names and messages are left out, so renaming a peer reopens nothing.
 * Every part is read field by field into arrays rather than serialised as stored: the stored
 * detail is jsonb, which hands objects back with their keys reordered, and a shape that
 * depended on key order would reopen every resolved conflict at the next unrelated change.
 */
export function conflictShape(conflict: Pick<RoutingConflict, 'kinds' | 'overlap' | 'shadowed' | 'a' | 'b'>): string {
  const party = (p: RoutingConflict['a']) => [p.subnetId, p.cidr, p.routedAs ?? null];
  const shadowed = conflict.shadowed.map((lan) => [lan.subnetId, lan.overlap]).sort((x, y) => compareText(x.join(' '), y.join(' ')));
  return JSON.stringify([[...conflict.kinds].sort(compareText), conflict.overlap, shadowed, party(conflict.a), party(conflict.b)]);
}

const compareText = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/**
 * Reconciles stored routing conflicts with a fresh detection. A resolution may leave part of
 * a conflict behind (isolating one side still leaves its LAN shadowed by the other's route);
 * that residue was accepted when it was resolved, so a resolved row stays resolved while the
 * detection has exactly the shape it had then, and reopens as soon as anything changes.
 *
 * Example: stored {k1 open, k2 resolved}, detected {k2 same shape, k3} → update k2 (still
 * resolved), insert k3, remove k1.
 */
export function planConflictSync(stored: readonly StoredConflictState[], detected: readonly RoutingConflict[]): ConflictSyncPlan {
  const byKey = new Map(stored.map((row) => [row.conflictKey, row]));
  const insert: RoutingConflict[] = [];
  const update: { id: string; conflict: RoutingConflict; reopen: boolean }[] = [];
  const seen = new Set<string>();
  for (const conflict of detected) {
    seen.add(conflict.id);
    const row = byKey.get(conflict.id);
    if (!row) {
      insert.push(conflict);
      continue;
    }
    const reopen = row.status !== 'open' && conflictShape(row.detail as unknown as RoutingConflict) !== conflictShape(conflict);
    update.push({ id: row.id, conflict, reopen });
  }
  const remove = stored.filter((row) => !seen.has(row.conflictKey)).map((row) => row.id);
  return { insert, update, remove };
}
