/**
 * `peer.desired_digest` of a deleted peer whose agent was told to take everything down: its
 * last revision. Once the agent reports that revision applied, the removal is done.
 */
export const REMOVED_DIGEST = 'removed';

/** The latest undeploy job of a peer being removed, as far as the next step depends on it. */
export interface UndeployJobView {
  readonly id: string;
  readonly status: string;
  readonly errorMessage: string | null;
  readonly completedAt: Date | null;
  readonly result: Record<string, unknown> | null;
}

export type RemovalStep =
  | { readonly kind: 'wait' }
  | { readonly kind: 'finish'; readonly jobId: string; readonly writeCount: number | null }
  | { readonly kind: 'record-failure'; readonly reason: string }
  | { readonly kind: 'retry'; readonly reason: string | null };

/** The longest wait between two removal attempts: a router down for a day is tried every hour. */
export const MAX_REMOVAL_RETRY_SECONDS = 3600;

/** Seconds to wait after the `attempts`-th failed attempt: the base, doubled each time, capped. */
export function removalRetryDelaySeconds(attempts: number, baseSeconds: number): number {
  return Math.min(MAX_REMOVAL_RETRY_SECONDS, baseSeconds * 2 ** Math.max(0, Math.min(attempts - 1, 20)));
}

/**
 * What to do next for a peer being removed. A succeeded undeploy finishes it; a running or
 * waiting one is left alone; a failed one is shown at once and retried once its wait is over;
 * a cancelled one is shown and left to a person, who cancelled it on purpose. With no undeploy
 * at all (its job was deleted) a new one is queued.
 */
export function nextRemovalStep(job: UndeployJobView | null, attempts: number, baseSeconds: number, now: Date): RemovalStep {
  if (job === null) return { kind: 'retry', reason: null };
  switch (job.status) {
    case 'completed': {
      const writes = job.result?.['writeCount'];
      return { kind: 'finish', jobId: job.id, writeCount: typeof writes === 'number' ? writes : null };
    }
    case 'failed': {
      const reason = job.errorMessage ?? 'The removal job failed.';
      const due = (job.completedAt?.getTime() ?? 0) + removalRetryDelaySeconds(attempts, baseSeconds) * 1000;
      return now.getTime() >= due ? { kind: 'retry', reason } : { kind: 'record-failure', reason };
    }
    case 'cancelled':
      return { kind: 'record-failure', reason: `The removal job was cancelled${job.errorMessage ? `: ${job.errorMessage}` : ''}. Retry it (POST /api/jobs/${job.id}/retry), or delete the peer with ?force=true to forget it and leave its rows on the router.` };
    default:
      return { kind: 'wait' };
  }
}
