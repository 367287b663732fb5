import type { DeploymentJobEntity } from '../database/entities';

type JobStatus = DeploymentJobEntity['status'];

/** A job still waiting or working can be cancelled; the executor checks before each step. */
export const CANCELLABLE: readonly JobStatus[] = ['pending', 'running'];
/** Only a job that ended without success is retried, always as a new job. */
export const RETRYABLE: readonly JobStatus[] = ['failed', 'cancelled'];
/** Ended for good: a `cancelling` job is still rolling back on its router, so it is not among them. */
export const FINISHED: ReadonlySet<JobStatus> = new Set(['completed', 'failed', 'cancelled']);

export const isFinished = (status: string): boolean => FINISHED.has(status as JobStatus);

/** The user-facing reason a transition is refused, or null when it is allowed. */
export function refusal(action: 'cancel' | 'retry', status: JobStatus): string | null {
  const allowed = action === 'cancel' ? CANCELLABLE : RETRYABLE;
  if (allowed.includes(status)) return null;
  if (status === 'cancelling') {
    return action === 'cancel'
      ? 'The job is already being cancelled: its worker is rolling back what it applied, and the job ends cancelled once the restore has finished.'
      : 'The job is still being cancelled (its worker is rolling back what it applied); retry it once it has ended cancelled.';
  }
  return `The job is ${status}; only ${allowed.join(' or ')} jobs can be ${action === 'cancel' ? 'cancelled' : 'retried'}.`;
}
