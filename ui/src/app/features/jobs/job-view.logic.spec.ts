import type { Job } from '../../core/api.models';
import { applyProgress, batchProgress, connectionFacts, filterJobs, isTerminal, stepsOf } from './job-view.logic';

const job = (id: string, status: Job['status'], progressPercent = 0, createdAt = '2026-01-01T00:00:00Z'): Job => ({
  id, wanId: 'w', peerId: 'p', jobType: 'deploy-config', status, progressPercent, startedAt: null, completedAt: null, errorMessage: null, errorCode: null, steps: [], operationsLog: [], result: null, parameters: {}, attempt: 1, retryOfJobId: null, hasBackup: false, createdAt, updatedAt: createdAt, createdBy: null,
});

describe('job view logic', () => {
  it('knows finished jobs', () => {
    expect(isTerminal(job('a', 'failed'))).toBe(true);
    expect(isTerminal(job('a', 'running'))).toBe(false);
  });

  it('sums a deploy-to-all into one progress bar', () => {
    expect(batchProgress([job('a', 'completed'), job('b', 'running', 50), job('c', 'failed', 20), job('d', 'pending')])).toEqual({ percent: 63, done: 2, succeeded: 1, failed: 1, total: 4 });
    expect(batchProgress([])).toEqual({ percent: 0, done: 0, succeeded: 0, failed: 0, total: 0 });
  });

  it('applies live progress to a known job only', () => {
    const jobs = [job('a', 'pending')];
    expect(applyProgress(jobs, { jobId: 'a', status: 'running', progressPercent: 40 }).jobs[0]).toMatchObject({ status: 'running', progressPercent: 40 });
    expect(applyProgress(jobs, { jobId: 'z', status: 'running' }).known).toBe(false);
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
