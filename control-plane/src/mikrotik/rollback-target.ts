import { AppError } from '../common/errors/app-error';
import type { DeploymentJobEntity } from '../database/entities';

/** Jobs whose backups a rollback restores: they took one, then wrote to the router. */
export const ROLLBACK_SOURCE_TYPES = ['deploy-config', 'reconcile'] as const;

type Candidate = Pick<DeploymentJobEntity, 'id' | 'peerId' | 'jobType' | 'status' | 'backup'>;

/**
 * Why `jobId` cannot be the deployment a rollback of router `peerId` restores, as the error to
 * answer with, or null when it can. Each refusal names the field and says what to pick instead.
 *
 * @example rollbackTargetRefusal(id, null, peerId)?.code === 'JOB.NOT_FOUND'
 */
export function rollbackTargetRefusal(jobId: string, job: Candidate | null, peerId: string): AppError | null {
  const list = `List this router's deployments with GET /api/peers/${peerId}/jobs?type=deploy-config.`;
  const refuse = (code: 'JOB.NOT_FOUND' | 'VALIDATION.FAILED' | 'MIKROTIK.NO_BACKUP', reason: string) => new AppError(code, reason, { fields: [{ field: 'jobId', reason }] });
  if (!job) return refuse('JOB.NOT_FOUND', `No job has the id ${jobId}. ${list}`);
  if (job.peerId !== peerId) return refuse('VALIDATION.FAILED', `Job ${jobId} belongs to another router (peer ${job.peerId}); a rollback restores only this router's own deployments. ${list}`);
  if (!(ROLLBACK_SOURCE_TYPES as readonly string[]).includes(job.jobType)) {
    return refuse('VALIDATION.FAILED', `Job ${jobId} is a ${job.jobType} job, which takes no backup to restore; pick a ${ROLLBACK_SOURCE_TYPES.join(' or ')} job. ${list}`);
  }
  if (job.backup === null) {
    const why = job.status === 'pending' ? 'has not started yet' : 'stored no backup (it ended before reading the router)';
    return refuse('MIKROTIK.NO_BACKUP', `Deployment ${jobId} ${why}, so there is nothing to restore. ${list}`);
  }
  return null;
}

/** The answer when a rollback without `jobId` finds no deployment that changed the router. */
export function nothingToRollBack(peerName: string): AppError {
  return new AppError(
    'MIKROTIK.NO_BACKUP',
    `No deployment has changed router "${peerName}" yet (deployments that wrote nothing are skipped), so there is nothing to roll back. To restore the backup of a particular deployment, pass its id as jobId.`,
  );
}

/** What a rollback would restore: which deployment's backup, taken when, and how many rows of each menu it holds. */
export interface RollbackPreview {
  readonly peerId: string;
  readonly peerName: string;
  readonly fromJobId: string;
  readonly fromJobType: string;
  readonly fromJobCompletedAt: string | null;
  readonly backupTakenAt: string | null;
  /** Rows the backup holds per RouterOS menu: the managed rows the router will hold again. */
  readonly rows: readonly { readonly menu: string; readonly count: number }[];
}

/**
 * The preview of restoring `source`'s backup on `peer`, read from the same job row the rollback
 * job is given, so the dialog names exactly the backup that is then restored.
 *
 * Example: a backup with 1 interface and 2 peer rows → rows [{menu: '/interface/wireguard', count: 1}, {menu: '/interface/wireguard/peers', count: 2}].
 */
export function rollbackPreview(peer: { id: string; name: string }, source: Pick<DeploymentJobEntity, 'id' | 'jobType' | 'completedAt' | 'backup'>): RollbackPreview {
  const backup = source.backup ?? {};
  const tables = typeof backup['tables'] === 'object' && backup['tables'] !== null ? (backup['tables'] as Record<string, unknown>) : {};
  return {
    peerId: peer.id,
    peerName: peer.name,
    fromJobId: source.id,
    fromJobType: source.jobType,
    fromJobCompletedAt: source.completedAt?.toISOString() ?? null,
    backupTakenAt: typeof backup['takenAt'] === 'string' ? backup['takenAt'] : null,
    rows: Object.entries(tables).map(([menu, rows]) => ({ menu, count: Array.isArray(rows) ? rows.length : 0 })),
  };
}
