import type { ApiCall, RouterOsMenu } from '@wom/renderers';
import { RouterOsError } from '../client/errors';

/**
 * At most this many rows per `POST <menu>/remove`. RouterOS states no limit on `numbers`;
 * a hundred ids keep the body small (under 1 KB) and each call far inside the 60 s request
 * limit (ROUTEROS-REST.md §1), while a router's whole table of peers still goes in one call.
 */
export const MAX_ROWS_PER_REMOVE = 100;

/** One row to take off: its id and the planned DELETE the journal records for it. */
export interface RowRemoval {
  readonly id: string;
  readonly call: ApiCall;
}

/** What apply sends next: one planned call as it is, or the removal of several rows of one menu at once. */
export type ApplyStep =
  | { readonly kind: 'call'; readonly call: ApiCall }
  | { readonly kind: 'remove'; readonly menu: RouterOsMenu; readonly rows: readonly RowRemoval[] };

/** The row id a planned DELETE names (`/rest/ip/route/*1A` → `*1A`). */
export function deletedRowId(call: ApiCall): string {
  return call.path.slice(call.path.lastIndexOf('/') + 1);
}

/**
 * Groups the planned calls into what apply sends, keeping their order: each run of DELETEs in
 * one menu becomes one removal step (split every `maxRows` rows); every other call stays a
 * step of its own. Only neighbours are grouped, so the planner's order between menus (NAT
 * first, the interface last: nothing is left referring to a removed row) is kept exactly.
 *
 * Example: DELETE nat/*1, DELETE nat/*2, DELETE route/*3, PUT address → remove nat [*1, *2],
 * remove route [*3], PUT address.
 */
export function groupApplySteps(calls: readonly ApiCall[], maxRows: number = MAX_ROWS_PER_REMOVE): ApplyStep[] {
  const steps: ApplyStep[] = [];
  for (const call of calls) {
    const last = steps.at(-1);
    if (call.method !== 'DELETE') {
      steps.push({ kind: 'call', call });
    } else if (last?.kind === 'remove' && last.menu === call.change.menu && last.rows.length < maxRows) {
      steps[steps.length - 1] = { ...last, rows: [...last.rows, { id: deletedRowId(call), call }] };
    } else {
      steps.push({ kind: 'remove', menu: call.change.menu, rows: [{ id: deletedRowId(call), call }] });
    }
  }
  return steps;
}

/** How many planned calls a step stands for (a removal step: one per row). */
export const stepSize = (step: ApplyStep): number => (step.kind === 'call' ? 1 : step.rows.length);

/**
 * Whether a refused batched remove is worth retrying row by row. A router that refused the
 * batch may have done so for one row alone (gone meanwhile: RouterOS answers a whole command
 * with one error), so each row gets its own DELETE, where "already gone" is an answer. Not
 * when the refusal is about the user (bad credentials, missing policy: every DELETE would be
 * refused the same way) or when no answer came at all (the router is not answering; the
 * client has already retried).
 */
export function retryRowByRow(error: unknown): boolean {
  if (!(error instanceof RouterOsError) || error.status === null) return false;
  return error.code !== 'ROUTEROS.AUTH_FAILED' && error.code !== 'ROUTEROS.PERMISSION_DENIED';
}
