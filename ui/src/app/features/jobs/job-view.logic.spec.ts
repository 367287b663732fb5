import type { Job } from '../../core/api.models';
import { applyProgress, batchProgress, canCancel, canRetry, connectionFacts, filterJobs, isTerminal, JOB_STATUSES, statusLabel, stepsOf } from './job-view.logic';

const job = (id: string, status: Job['status'], progressPercent = 0, createdAt = '2026-01-01T00:00:00Z'): Job => ({
  id, wanId: 'w', peerId: 'p', jobType: 'deploy-config', status, progressPercent, startedAt: null, completedAt: null, errorMessage: null, errorCode: null, steps: [], operationsLog: [], result: null, parameters: {}, attempt: 1, retryOfJobId: null, hasBackup: false, createdAt, updatedAt: createdAt, createdBy: null,
});

describe('job view logic', () => {
  it('knows finished jobs', () => {
    expect(isTerminal(job('a', 'failed'))).toBe(true);
    expect(isTerminal(job('a', 'running'))).toBe(false);
  });

  it('never counts a cancelling job as finished: it is still rolling back', () => {
    expect(JOB_STATUSES.filter((status) => isTerminal({ status }))).toEqual(['completed', 'failed', 'cancelled']);
    expect(isTerminal(job('a', 'cancelling'))).toBe(false);
    expect(batchProgress([job('a', 'cancelling', 40), job('b', 'completed')])).toEqual({ percent: 70, done: 1, succeeded: 1, failed: 0, total: 2 });
  });

  it('offers cancel and retry only where the API takes them', () => {
    expect(JOB_STATUSES.filter((status) => canCancel({ status }))).toEqual(['pending', 'running']);
    expect(JOB_STATUSES.filter((status) => canRetry({ status }))).toEqual(['failed', 'cancelled']);
  });

  it('labels a cancelling job as rolling back', () => {
    expect(statusLabel('cancelling')).toBe('cancelling (rolling back)');
    expect(statusLabel('cancelled')).toBe('cancelled');
  });

  it('sums a deploy-to-all into one progress bar', () => {
    expect(batchProgress([job('a', 'completed'), job('b', 'running', 50), job('c', 'failed', 20), job('d', 'pending')])).toEqual({ percent: 63, done: 2, succeeded: 1, failed: 1, total: 4 });
    expect(batchProgress([])).toEqual({ percent: 0, done: 0, succeeded: 0, failed: 0, total: 0 });
  });

  it('applies live progress to a known job only', () => {
    const jobs = [job('a', 'pending')];
    expect(applyProgress(jobs, { jobId: 'a', status: 'running', progressPercent: 40 }).jobs[0]).toMatchObject({ status: 'running', progressPercent: 40 });
    expect(applyProgress(jobs, { jobId: 'z', status: 'running' }).known).toBe(false);
    // Cancel of a running job, as its events arrive.
    const steps = ['running', 'cancelling', 'cancelled'].reduce((list, status) => applyProgress(list, { jobId: 'a', status }).jobs, jobs);
    expect(steps[0]!.status).toBe('cancelled');
  });

  it('filters by status, newest first', () => {
    const jobs = [job('old', 'failed', 0, '2026-01-01T00:00:00Z'), job('new', 'failed', 0, '2026-01-02T00:00:00Z'), job('ok', 'completed')];
    expect(filterJobs(jobs, 'failed').map((j) => j.id)).toEqual(['new', 'old']);
    expect(filterJobs(jobs, '')).toHaveLength(3);
  });

  it('reads steps in any of their shapes', () => {
    expect(stepsOf({ steps: ['preflight', { name: 'apply', status: 'failed', message: 'timeout' }, {}] })).toEqual([
      { name: 'preflight', status: '', message: '' },
      { name: 'apply', status: 'failed', message: 'timeout' },
      { name: 'step 3', status: '', message: '' },
    ]);
  });

  it('reads what a connection test found', () => {
    expect(connectionFacts({ result: { identity: 'paris', version: '7.19.4 (stable)', endpoints: ['/interface/wireguard'] } })).toEqual({ identity: 'paris', version: '7.19.4 (stable)', endpoints: ['/interface/wireguard'] });
    expect(connectionFacts(null)).toEqual({ identity: null, version: null, endpoints: [] });
    expect(connectionFacts({ result: { status: 'connected', identity: 'r', version: '7.20', restAvailable: true, wireguardAvailable: true } }).endpoints).toEqual(['/rest', '/rest/interface/wireguard']);
  });
});
