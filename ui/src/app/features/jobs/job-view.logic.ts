import type { Job, JobStatus } from '../../core/api.models';

/** Ended for good. A `cancelling` job is not: its worker is still rolling back on the router. */
export const TERMINAL: ReadonlySet<JobStatus> = new Set(['completed', 'failed', 'cancelled']);
export const isTerminal = (job: Pick<Job, 'status'>) => TERMINAL.has(job.status);
/** Every status, in the order a job goes through them, for filters. */
export const JOB_STATUSES: readonly JobStatus[] = ['pending', 'running', 'cancelling', 'completed', 'failed', 'cancelled'];
/** The API cancels only jobs that are waiting or working; a cancelling one is already on its way. */
export const canCancel = (job: Pick<Job, 'status'>) => job.status === 'pending' || job.status === 'running';
export const canRetry = (job: Pick<Job, 'status'>) => job.status === 'failed' || job.status === 'cancelled';

/** The status chip's words: a cancelling job says what it is doing, so nobody takes the router as restored. */
export function statusLabel(status: JobStatus): string {
  return status === 'cancelling' ? 'cancelling (rolling back)' : status;
}

export interface StepView {
  readonly name: string;
  readonly status: string;
  readonly message: string;
}

/** A job's steps, read tolerantly (a step may be a string or an object with name/status/message). */
export function stepsOf(job: Pick<Job, 'steps'>): StepView[] {
  return job.steps.map((step, i) => {
    if (typeof step === 'string') return { name: step, status: '', message: '' };
    const s = (step ?? {}) as Record<string, unknown>;
    return {
      name: String(s['name'] ?? s['step'] ?? s['title'] ?? `step ${i + 1}`),
      status: String(s['status'] ?? s['state'] ?? ''),
      message: String(s['message'] ?? s['detail'] ?? s['error'] ?? ''),
    };
  });
}

/** Progress across several jobs (a "deploy to all"): overall percent and counts by outcome. */
export function batchProgress(jobs: readonly Pick<Job, 'status' | 'progressPercent'>[]): { percent: number; done: number; succeeded: number; failed: number; total: number } {
  const total = jobs.length;
  if (total === 0) return { percent: 0, done: 0, succeeded: 0, failed: 0, total: 0 };
  const percent = Math.round(jobs.reduce((sum, job) => sum + (isTerminal(job) ? 100 : Math.min(100, Math.max(0, job.progressPercent))), 0) / total);
  return {
    percent,
    done: jobs.filter(isTerminal).length,
    succeeded: jobs.filter((j) => j.status === 'completed').length,
    failed: jobs.filter((j) => j.status === 'failed' || j.status === 'cancelled').length,
    total,
  };
}

/** Applies a live `job.progress` event to the list, newest first; unknown jobs are left for a reload. */
export function applyProgress<J extends Job>(jobs: readonly J[], event: { jobId?: unknown; status?: unknown; progressPercent?: unknown }): { jobs: J[]; known: boolean } {
  const index = jobs.findIndex((j) => j.id === event.jobId);
  if (index === -1) return { jobs: [...jobs], known: false };
  const next = [...jobs];
  const job = next[index]!;
  next[index] = {
    ...job,
    status: typeof event.status === 'string' ? (event.status as JobStatus) : job.status,
    progressPercent: typeof event.progressPercent === 'number' ? event.progressPercent : job.progressPercent,
  };
  return { jobs: next, known: true };
}

/** Jobs matching a status filter ('' = all), newest first. */
export function filterJobs(jobs: readonly Job[], status: JobStatus | ''): Job[] {
  return jobs.filter((j) => status === '' || j.status === status).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** What a test-connection job learned: identity, version, endpoints. */
export function connectionFacts(job: Pick<Job, 'result'> | null): { identity: string | null; version: string | null; endpoints: string[] } {
  const r = (job?.result ?? {}) as Record<string, unknown>;
  const listed = r['endpoints'] ?? r['availableEndpoints'] ?? [];
  // The connection test reports which REST menus answered rather than a list.
  const endpoints = Array.isArray(listed) && listed.length > 0 ? listed : [...(r['restAvailable'] === true ? ['/rest'] : []), ...(r['wireguardAvailable'] === true ? ['/rest/interface/wireguard'] : [])];
  return {
    identity: typeof r['identity'] === 'string' ? r['identity'] : typeof r['routerIdentity'] === 'string' ? r['routerIdentity'] : null,
    version: typeof r['version'] === 'string' ? r['version'] : typeof r['routerosVersion'] === 'string' ? r['routerosVersion'] : null,
    endpoints: Array.isArray(endpoints) ? endpoints.map(String) : [],
  };
}
