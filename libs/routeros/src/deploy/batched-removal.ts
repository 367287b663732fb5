import type { RouterOsMenu } from '@wom/renderers';
import type { RemoveOutcome, RouterOsClient } from '../client/routeros-client';
import { retryRowByRow, type RowRemoval } from './removal-batches.logic';

/** How one row's removal ended: removed, found already gone, or refused (the error says why). */
export type RowOutcome = RemoveOutcome | { readonly error: unknown };

export interface RemovalCallbacks {
  /** Just before each HTTP call is sent: a write to count. */
  readonly sending?: () => void;
  /** Each row's outcome once it is known, in order; a row whose call was never sent is not reported. */
  readonly settled: (row: RowRemoval, outcome: RowOutcome) => void;
  /** After a row's own DELETE was refused: go on with the next row (true) or stop there (default). */
  readonly goOnAfter?: (error: unknown) => boolean;
}

/**
 * Takes `rows` (all of one menu, the step's order kept) off the router: one batched
 * `POST <menu>/remove` for several rows, a plain DELETE for one. When the router refuses the
 * batch for a reason one row may have caused (a row removed meanwhile, say), each row is
 * removed on its own DELETE, where a 404 means "already gone", so a row that vanished never
 * fails the removal of the others. Throws the error that stopped it; every row sent until then
 * has been `settled`.
 */
export async function removeRows(client: RouterOsClient, menu: RouterOsMenu, rows: readonly RowRemoval[], callbacks: RemovalCallbacks): Promise<void> {
  if (rows.length > 1) {
    callbacks.sending?.();
    try {
      await client.removeMany(menu, rows.map((row) => row.id));
      for (const row of rows) callbacks.settled(row, 'removed');
      return;
    } catch (error) {
      if (!retryRowByRow(error)) {
        for (const row of rows) callbacks.settled(row, { error });
        throw error;
      }
    }
  }
  for (const row of rows) {
    callbacks.sending?.();
    try {
      callbacks.settled(row, await client.remove(menu, row.id, { missingIsGone: true }));
    } catch (error) {
      callbacks.settled(row, { error });
      if (!callbacks.goOnAfter?.(error)) throw error;
    }
  }
}
