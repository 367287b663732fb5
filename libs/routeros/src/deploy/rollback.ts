import { hasManagedPrefix, managedCommentPrefix, ROUTEROS_MENUS, type ApiCall, type RouterOsMenu, type RouterOsRow } from '@wom/renderers';
import { executeApiCall } from '../client/api-call-executor';
import { RouterOsError } from '../client/errors';
import type { RouterOsClient } from '../client/routeros-client';
import { readRouterTables } from '../client/router-tables';
import { validateBackup } from './backup';
import { configurableFields, toPlannedCall } from './desired-config';
import type { BackupRow, DeploymentBackup, EngineError, PlannedCall, RestoredRow, RollbackReport } from './engine.types';
import { DeployError, toEngineError } from './engine-errors';
import { removeRows, type RemovalCallbacks } from './batched-removal';
import { groupApplySteps } from './removal-batches.logic';

/** What a restore sent and how each row went; filled as it goes, so it is complete also when it fails. */
export interface RestoreLog {
  /** One per row touched (a batched removal lists each of its rows). */
  readonly calls: PlannedCall[];
  readonly rows: RestoredRow[];
  /** HTTP write calls sent: a batched removal counts once. */
  writes: number;
}

export const emptyRestoreLog = (): RestoreLog => ({ calls: [], rows: [], writes: 0 });

/** A restore's report: what was sent, each row's outcome and their count. */
export function restoreReport(outcome: RollbackReport['outcome'], reason: string, log: RestoreLog, error: EngineError | null): RollbackReport {
  const failed = log.rows.filter((row) => row.outcome === 'failed').length;
  return { outcome, reason, calls: log.calls, error, rows: log.rows, summary: { restored: log.rows.length - failed, failed } };
}

/** Menus whose order is evaluation order; elsewhere RouterOS's list order carries no meaning. */
const ORDERED_MENUS: readonly RouterOsMenu[] = ['/ip/firewall/filter', '/ip/firewall/nat'];

export async function rollbackToBackupImpl(client: RouterOsClient, backup: DeploymentBackup, options: { readonly signal?: AbortSignal }): Promise<RollbackReport> {
  const log = emptyRestoreLog();
  try {
    const valid = validateBackup(backup);
    if (options.signal?.aborted) throw new DeployError('DEPLOY.CANCELLED', 'The rollback was cancelled before it started.');
    await restoreBackup(client, valid, log);
    return restoreReport('restored', 'Restored the managed rows of the chosen backup.', log, null);
  } catch (error) {
    const failure = toEngineError(error);
    return restoreReport('failed', `The rollback did not complete after ${log.calls.length} call(s): ${failure.message}`, log, failure);
  }
}

/**
 * Puts `backup`'s rows back: removes this peer's rows the backup lacks (NAT first, interface
 * last), rewrites changed rows field by field (unsetting fields the backup row did not have),
 * recreates missing rows (firewall rules in place), then moves firewall rules until each sits
 * directly before the row that followed it when the backup was taken. Foreign rows are never
 * written. Secrets are not in a backup, so a recreated interface gets a new key from the router.
 * `log` collects every call made and each row's outcome, also when one fails.
 *
 * A row the router refuses does not stop the restore: every other row still goes back, and the
 * refusals are reported together at the end, so one bad row can't leave the rest of the
 * configuration half-restored. A router that stops answering (no HTTP status: timeout, reset,
 * refused) ends the restore at once, because every further call would fail the same way.
 */
export async function restoreBackup(client: RouterOsClient, backup: DeploymentBackup, log: RestoreLog): Promise<void> {
  const refused: { call: ApiCall; error: RouterOsError }[] = [];
  const sent = log.calls;
  const run = async (call: ApiCall): Promise<RouterOsRow | undefined> => {
    const planned = toPlannedCall(call);
    sent.push(planned);
    log.writes++;
    const row = { menu: planned.menu, comment: planned.comment, action: planned.kind };
    try {
      const answer = await executeApiCall(client, call);
      log.rows.push({ ...row, outcome: 'restored', error: null });
      return answer;
    } catch (error) {
      log.rows.push({ ...row, outcome: 'failed', error: error instanceof RouterOsError ? (error.detail ?? error.message) : (error as Error).message });
      if (!(error instanceof RouterOsError) || error.status === null) throw error;
      refused.push({ call, error });
      return undefined;
    }
  };
  /** A batched removal's rows, logged one by one as `run` logs a call; the refusal rules are `run`'s. */
  const removalLog: RemovalCallbacks = {
    sending: () => log.writes++,
    settled: (row, outcome) => {
      const planned = toPlannedCall(row.call);
      const entry = { menu: planned.menu, comment: planned.comment, action: planned.kind };
      if (typeof outcome === 'string') {
        sent.push(outcome === 'already-gone' ? { ...planned, alreadyGone: true } : planned);
        log.rows.push({ ...entry, outcome: 'restored', error: null });
        return;
      }
      const { error } = outcome;
      sent.push(planned);
      log.rows.push({ ...entry, outcome: 'failed', error: error instanceof RouterOsError ? (error.detail ?? error.message) : (error as Error).message });
      if (error instanceof RouterOsError && error.status !== null) refused.push({ call: row.call, error });
    },
    goOnAfter: (error) => error instanceof RouterOsError && error.status !== null,
  };
  const prefix = managedCommentPrefix(backup.peerId);
  const tables = await readRouterTables(client);
  const wanted = (menu: RouterOsMenu): readonly BackupRow[] => backup.tables[menu] ?? [];

  for (const menu of [...ROUTEROS_MENUS].reverse()) {
    const keep = new Set(wanted(menu).map(({ row }) => row['comment']));
    const seen = new Set<string>();
    const removals: ApiCall[] = [];
    for (const row of (tables[menu] ?? []).filter((candidate) => hasManagedPrefix(candidate['comment'], prefix))) {
      const comment = row['comment'] ?? '';
      if (keep.has(comment) && !seen.has(comment)) {
        seen.add(comment);
        continue;
      }
      removals.push({ method: 'DELETE', path: `/rest${menu}/${row['.id'] ?? ''}`, change: { kind: 'delete', menu, key: null, comment } });
    }
    for (const step of groupApplySteps(removals)) {
      if (step.kind !== 'remove') continue;
      // A refused batch that is not retried row by row (the user's rights) was settled as refused; only silence stops the restore.
      await removeRows(client, menu, step.rows, removalLog).catch((error: unknown) => {
        if (!(error instanceof RouterOsError) || error.status === null) throw error;
      });
    }
  }

  for (const menu of ROUTEROS_MENUS) {
    const table = tables[menu] ?? [];
    for (const { row, before } of wanted(menu)) {
      const { '.id': _oldId, ...fields } = row;
      const comment = row['comment'] ?? '';
      const current = table.find((candidate) => candidate['comment'] === comment);
      if (current) {
        const body = restoreBody(menu, fields, current);
        if (Object.keys(body).length > 0) {
          await run({ method: 'PATCH', path: `/rest${menu}/${current['.id'] ?? ''}`, body, change: { kind: 'update', menu, key: null, comment } });
        }
        continue;
      }
      const anchor = ORDERED_MENUS.includes(menu) && before !== null && table.some((candidate) => candidate['.id'] === before) ? before : undefined;
      const body = anchor === undefined ? fields : { ...fields, 'place-before': anchor };
      await run({ method: 'PUT', path: `/rest${menu}`, body, change: { kind: 'create', menu, key: null, comment } });
    }
  }

  for (const menu of ORDERED_MENUS.filter((candidate) => wanted(candidate).length > 0)) {
    await restoreOrder(menu, wanted(menu), await client.list(menu), run);
  }
  if (refused.length > 0) throw restoreFailure(refused, sent.length);
}

/** All refusals of one restore as one error: the first one's code, every call named. */
function restoreFailure(refused: readonly { call: ApiCall; error: RouterOsError }[], total: number): DeployError {
  const [first] = refused;
  const each = refused.map(({ call, error }) => `${call.method} ${call.path}: ${error.detail ?? error.message}`).join('; ');
  return new DeployError(
    first?.error.code ?? 'ROUTEROS.REQUEST_FAILED',
    `${refused.length} of ${total} restore call(s) were refused, the others were applied (${each}).`,
    first?.error.suggestion,
    first?.error.detail,
  );
}

/** Fields to write so `current` holds exactly `fields` again; `!name` unsets what the backup lacked. */
function restoreBody(menu: RouterOsMenu, fields: Readonly<Record<string, string>>, current: RouterOsRow): Record<string, string> {
  const body: Record<string, string> = {};
  for (const [field, value] of Object.entries(fields)) if (current[field] !== value) body[field] = value;
  for (const field of Object.keys(configurableFields(menu, current))) {
    if (field !== '.id' && !(field in fields)) body[`!${field}`] = '';
  }
  return body;
}

/**
 * Moves our rules, last first, so each lands directly before its recorded successor. Going
 * backwards means a successor that is itself ours is already in place when it is used as a
 * destination. A successor that no longer exists leaves that rule where it is.
 */
async function restoreOrder(menu: RouterOsMenu, rows: readonly BackupRow[], current: readonly RouterOsRow[], run: (call: ApiCall) => Promise<unknown>): Promise<void> {
  const table = [...current];
  const byComment = new Map(table.map((row) => [row['comment'], row['.id'] ?? '']));
  const oldToNew = new Map(rows.map(({ row }) => [row['.id'], byComment.get(row['comment']) ?? '']));
  for (const { row, before } of [...rows].reverse()) {
    const id = byComment.get(row['comment']);
    const index = table.findIndex((candidate) => candidate['.id'] === id);
    if (id === undefined || index < 0) continue;
    const destination = before === null ? null : (oldToNew.get(before) ?? before);
    const successor = table[index + 1]?.['.id'] ?? null;
    if (successor === destination) continue;
    if (destination !== null && !table.some((candidate) => candidate['.id'] === destination)) continue;
    const comment = row['comment'] ?? '';
    const body: Record<string, string> = destination === null ? { numbers: id } : { numbers: id, destination };
    await run({ method: 'POST', path: `/rest${menu}/move`, body, change: { kind: 'move', menu, key: null, comment } });
    const [moved] = table.splice(index, 1);
    const at = destination === null ? table.length : table.findIndex((candidate) => candidate['.id'] === destination);
    table.splice(at, 0, moved as RouterOsRow);
  }
}
