import type { DeploymentJobEntity } from '../database/entities';

type JobStatus = DeploymentJobEntity['status'];

/** A job still waiting or working can be cancelled; the executor checks before each step. */
export const CANCELLABLE: readonly JobStatus[] = ['pending', 'running'];
/** Only a job that ended without success is retried, always as a new job. */
export const RETRYABLE: readonly JobStatus[] = ['failed', 'cancelled'];

/** The user-facing reason a transition is refused, or null when it is allowed. */
export function refusal(action: 'cancel' | 'retry', status: JobStatus): string | null {
  const allowed = action === 'cancel' ? CANCELLABLE : RETRYABLE;
  if (allowed.includes(status)) return null;
  return `The job is ${status}; only ${allowed.join(' or ')} jobs can be ${action === 'cancel' ? 'cancelled' : 'retried'}.`;
}
