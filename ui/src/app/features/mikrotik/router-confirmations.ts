import type { MatDialog } from '@angular/material/dialog';
import type { Job } from '../../core/api.models';
import type { ApiService } from '../../core/api.service';
import { countLines, deployAllResults, reconcileChanges, routerChanges, type ChangePreview, type DeviceChanges } from '../../shared/change-preview.logic';
import { confirmChange } from '../../shared/confirm-dialog.component';

/** A router as the confirmations name it. */
export interface RouterRef {
  readonly id: string;
  readonly name: string;
}

/**
 * Each router's deployment preview (POST …/mikrotik/preview: it reads the router and plans the
 * same calls the deployment makes). A router that cannot be read is listed with the reason.
 */
export async function deploymentPreview(api: ApiService, routers: readonly RouterRef[]): Promise<ChangePreview> {
  const answers = await Promise.allSettled(routers.map((r) => api.post<unknown>(`/api/peers/${r.id}/mikrotik/preview`, {})));
  const devices: DeviceChanges[] = routers.map((router, i) => {
    const answer = answers[i]!;
    if (answer.status === 'fulfilled') return routerChanges(router.name, answer.value);
    return { device: router.name, lines: [{ kind: 'note', text: `could not be read for a preview: ${reasonOf(answer.reason)}` }] };
  });
  return { summary: `${routers.length} router(s): ${countLines(devices)}.`, devices };
}

/** Deploy to one router after the operator confirmed its preview; resolves with the job, or undefined when cancelled. */
export function confirmDeploy(dialog: MatDialog, api: ApiService, router: RouterRef): Promise<Job | undefined> {
  return confirmChange(dialog, {
    title: `Deploy to router ${router.name}`,
    confirmLabel: `Deploy to ${router.name}`,
    preview: () => deploymentPreview(api, [router]),
    confirm: () => api.post<Job>(`/api/peers/${router.id}/mikrotik/deploy`, {}),
  });
}

/** What POST …/mikrotik/deploy-all answers, as far as the console needs it. */
export interface DeployAllAnswer {
  readonly jobs: readonly Job[];
  readonly summary: Parameters<typeof deployAllResults>[0];
}

/**
 * Deploy to every managed router of a WAN after the operator saw each router's preview; the one
 * deploy-all confirmation of the console. `waitSeconds` > 0 makes the answer wait for the routers
 * (its summary then says how each ended); 0 answers at once with the queued jobs.
 */
export function confirmDeployAll(dialog: MatDialog, api: ApiService, wanId: string, routers: readonly RouterRef[], waitSeconds: number): Promise<DeployAllAnswer | undefined> {
  return confirmChange(dialog, {
    title: `Deploy to all ${routers.length} MikroTik routers`,
    confirmLabel: `Deploy to ${routers.length} routers`,
    preview: () => deploymentPreview(api, routers),
    confirm: () => api.post<DeployAllAnswer>(`/api/wan/${wanId}/mikrotik/deploy-all`, waitSeconds > 0 ? { waitSeconds } : {}),
  });
}

/** Roll a router back to the backup the API would restore (POST …/rollback/preview chooses it as rollback does). */
export function confirmRollback(dialog: MatDialog, api: ApiService, router: RouterRef, jobId?: string): Promise<Job | undefined> {
  const body = jobId ? { jobId } : {};
  return confirmChange(dialog, {
    title: `Roll back router ${router.name}`,
    confirmLabel: `Roll back ${router.name}`,
    destructive: true,
    preview: async () => {
      const p = await api.post<{ fromJobId: string; fromJobType: string; fromJobCompletedAt: string | null; backupTakenAt: string | null; rows: { menu: string; count: number }[] }>(`/api/peers/${router.id}/mikrotik/rollback/preview`, body);
      return {
        summary: `Restores the backup taken ${p.backupTakenAt ?? 'before'} by ${p.fromJobType} job ${p.fromJobId.slice(0, 8)}: the rows this product manages go back to how they were; other rows are untouched.`,
        devices: [{ device: router.name, lines: p.rows.map((r) => ({ kind: 'change' as const, text: `${r.menu}: ${r.count} managed row(s) restored` })) }],
      };
    },
    confirm: () => api.post<Job>(`/api/peers/${router.id}/mikrotik/rollback`, body),
  });
}

/**
 * Reconcile with its three options as the API defaults them: fix missing and mismatched rows on,
 * remove unknown rows off (it deletes, so the operator turns it on). The preview is a fresh
 * drift check (read-only), showing which findings the chosen options correct.
 */
export function confirmReconcile(dialog: MatDialog, api: ApiService, router: RouterRef): Promise<Job | undefined> {
  let report: Promise<unknown> | null = null;
  const options = (o: Readonly<Record<string, boolean>>) => ({ reconcileMissing: o['reconcileMissing'] ?? true, reconcileMismatched: o['reconcileMismatched'] ?? true, removeUnknown: o['removeUnknown'] ?? false });
  return confirmChange(dialog, {
    title: `Reconcile router ${router.name}`,
    confirmLabel: `Reconcile ${router.name}`,
    options: [
      { key: 'reconcileMissing', label: 'Fix missing rows (create them)', value: true },
      { key: 'reconcileMismatched', label: 'Fix mismatched rows (write the desired values back)', value: true },
      { key: 'removeUnknown', label: 'Remove unknown rows carrying our comment', value: false },
    ],
    preview: async (o) => {
      // One drift check per dialog: changing an option re-reads the findings, not the router.
      report ??= api.post<unknown>(`/api/peers/${router.id}/mikrotik/drift`, {});
      const changes = reconcileChanges(router.name, await report, options(o));
      const none = changes.lines.length === 0 ? 'The router is in sync; there is nothing to reconcile.' : `${countLines([changes])} with these options.`;
      return { summary: none, devices: [changes] };
    },
    confirm: (o) => {
      const chosen = options(o);
      if (!chosen.reconcileMissing && !chosen.reconcileMismatched && !chosen.removeUnknown) return Promise.reject(new Error('Pick at least one kind of drift to fix.'));
      return api.post<Job>(`/api/peers/${router.id}/mikrotik/reconcile`, chosen);
    },
  });
}

function reasonOf(error: unknown): string {
  const body = (error as { error?: { message?: unknown } } | null)?.error;
  if (body && typeof body.message === 'string') return body.message;
  return error instanceof Error ? error.message : 'no answer';
}
