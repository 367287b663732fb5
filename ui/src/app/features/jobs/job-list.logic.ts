import { JOB_SORT_FIELDS, type DeploymentJobStatus, type DeploymentJobType, type JobSortField } from '@wom/contracts';
import { limitOffset, oneOf, parsePaging, parseSort, sortValue, urlParams, type ListPaging, type ListSort } from '../../shared/lists/list-url.logic';
import { JOB_STATUSES } from './job-view.logic';

export const JOB_TYPES: readonly DeploymentJobType[] = ['deploy-config', 'rollback', 'verify', 'test-connection', 'drift-check', 'reconcile', 'undeploy'];

/** The jobs table's state; every field is a URL query parameter of the jobs page. */
export interface JobListState {
  readonly status: DeploymentJobStatus | '';
  readonly type: DeploymentJobType | '';
  readonly peerId: string;
  readonly sort: ListSort<JobSortField>;
  readonly paging: ListPaging;
}

/** What just happened first. */
export const DEFAULT_JOB_LIST_SORT: ListSort<JobSortField> = { active: 'createdAt', direction: 'desc' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type Params = { get(name: string): string | null };

export function parseJobListState(params: Params): JobListState {
  const peerId = params.get('peerId') ?? '';
  return {
    status: oneOf(params.get('status'), JOB_STATUSES),
    type: oneOf(params.get('type'), JOB_TYPES),
    peerId: UUID.test(peerId) ? peerId : '',
    sort: parseSort(params.get('sort'), JOB_SORT_FIELDS, DEFAULT_JOB_LIST_SORT),
    paging: parsePaging(params),
  };
}

/** What `GET /api/jobs` is asked for this state, within a WAN or (undefined) every WAN. */
export function jobListQuery(state: JobListState, wanId: string | undefined): Record<string, string | number | undefined> {
  return { status: state.status, type: state.type, peerId: state.peerId, wanId, sort: sortValue(state.sort), ...limitOffset(state.paging) };
}

export function jobListParams(state: JobListState): Record<string, string | null> {
  return urlParams({ status: state.status, type: state.type, peerId: state.peerId }, state.sort, DEFAULT_JOB_LIST_SORT, state.paging);
}

/** How long a job ran (or has run so far), as a NOC reads it. */
export function jobDuration(job: { readonly startedAt: string | null; readonly completedAt: string | null }, now: number = Date.now()): string {
  if (!job.startedAt) return '—';
  const end = job.completedAt ? Date.parse(job.completedAt) : now;
  const seconds = Math.max(0, Math.round((end - Date.parse(job.startedAt)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}
