import { MAX_REMOVAL_RETRY_SECONDS, nextRemovalStep, removalRetryDelaySeconds, type UndeployJobView } from './removal-policy';

const at = (seconds: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, seconds));
const job = (status: string, extra: Partial<UndeployJobView> = {}): UndeployJobView => ({ id: 'j1', status, errorMessage: null, completedAt: at(0), result: null, ...extra });

describe('what a removal does next', () => {
  it('waits while its job is pending or running', () => {
    expect(nextRemovalStep(job('pending'), 1, 30, at(999))).toEqual({ kind: 'wait' });
    expect(nextRemovalStep(job('running'), 1, 30, at(999))).toEqual({ kind: 'wait' });
  });

  it('finishes after a succeeded undeploy, with its write count', () => {
    expect(nextRemovalStep(job('completed', { result: { writeCount: 13 } }), 1, 30, at(1))).toEqual({ kind: 'finish', jobId: 'j1', writeCount: 13 });
    expect(nextRemovalStep(job('completed'), 1, 30, at(1))).toEqual({ kind: 'finish', jobId: 'j1', writeCount: null });
  });

  it('shows a failure at once and retries it once the wait, doubling per attempt, is over', () => {
    const failed = job('failed', { errorMessage: 'unreachable' });
    expect(nextRemovalStep(failed, 1, 30, at(29))).toEqual({ kind: 'record-failure', reason: 'unreachable' });
    expect(nextRemovalStep(failed, 1, 30, at(30))).toEqual({ kind: 'retry', reason: 'unreachable' });
    expect(nextRemovalStep(failed, 3, 30, at(119))).toEqual({ kind: 'record-failure', reason: 'unreachable' });
    expect(nextRemovalStep(failed, 3, 30, at(120))).toEqual({ kind: 'retry', reason: 'unreachable' });
  });

  it('caps the wait at an hour', () => {
    expect([1, 2, 3, 7, 50].map((attempts) => removalRetryDelaySeconds(attempts, 30))).toEqual([30, 60, 120, 1920, MAX_REMOVAL_RETRY_SECONDS]);
  });

  it('leaves a cancelled removal to a person, saying how to go on', () => {
    const step = nextRemovalStep(job('cancelled'), 1, 30, at(9999));
    expect(step).toEqual({ kind: 'record-failure', reason: expect.stringContaining('POST /api/jobs/j1/retry') });
  });

  it('queues a new undeploy when there is none', () => {
    expect(nextRemovalStep(null, 0, 30, at(0))).toEqual({ kind: 'retry', reason: null });
  });
});
