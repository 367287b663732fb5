import type { ApiCall } from '@wom/renderers';
import type { RouterOsClient } from '../client/routeros-client';
import { readRouterTables } from '../client/router-tables';
import { resolveDesiredConfig } from './desired-config';
import { planDeployment } from './deployment-plan';
import type { DesiredConfig, DesiredConfigOptions, DriftEntry, DriftKind, DriftReport, ReconcileOptions, ReconcileResult } from './engine.types';
import { runDeploymentImpl } from './run-deployment';

/**
 * Spec §11.2: what differs between the router and the desired state, for this peer's rows
 * only. `unknown` rows carry this peer's comment but are not desired (stale or duplicated);
 * `misplaced` are our filter rules someone moved below the chain's first foreign drop.
 */
export async function detectDriftImpl(client: RouterOsClient, desired: DesiredConfig, options: DesiredConfigOptions & { readonly now?: () => Date }): Promise<DriftReport> {
  const config = resolveDesiredConfig(desired, options);
  const tables = await readRouterTables(client);
  const plan = planDeployment(tables, config);
  const entries: DriftEntry[] = [];
  for (const menu of plan.menus) {
    for (const row of menu.rows) {
      const kind = DRIFT_KIND[row.kind];
      if (!kind) continue;
      entries.push({
        kind,
        menu: row.menu,
        key: row.key,
        comment: row.comment,
        ...(row.label ? { label: row.label } : {}),
        ...(row.id ? { id: row.id } : {}),
        fields: row.fields.map(({ field, current, desired: expected }) => ({ field, expected, actual: current })),
      });
    }
  }
  const summary: Record<DriftKind, number> = { missing: 0, mismatched: 0, unknown: 0, misplaced: 0 };
  for (const entry of entries) summary[entry.kind]++;
  return {
    peerId: config.peerId,
    checkedAt: (options.now ?? (() => new Date()))().toISOString(),
    inSync: entries.length === 0 && plan.conflicts.length === 0,
    entries,
    conflicts: plan.conflicts,
    summary,
  };
}

const DRIFT_KIND: Readonly<Record<string, DriftKind | undefined>> = { create: 'missing', update: 'mismatched', delete: 'unknown', move: 'misplaced' };

/**
 * Applies the chosen corrections as a deployment (same backup, verify and rollback). The
 * planner only ever deletes rows carrying this peer's comment, so even `removeUnknown` can't
 * touch a row someone else wrote.
 */
export async function reconcileImpl(client: RouterOsClient, desired: DesiredConfig, options: ReconcileOptions): Promise<ReconcileResult> {
  const { reconcileMissing = true, reconcileMismatched = true, removeUnknown = false } = options;
  const before = await detectDriftImpl(client, desired, options);
  const wanted = (call: ApiCall): boolean => {
    switch (call.change.kind) {
      case 'create':
        return reconcileMissing;
      case 'update':
      case 'move':
        return reconcileMismatched;
      case 'delete':
        return removeUnknown;
    }
  };
  const deployment = await runDeploymentImpl(client, desired, options, (calls) => calls.filter(wanted));
  return { before, deployment };
}
