import type { RollbackReport } from '@wom/routeros';
import { abandonedOutcome, rollbackOutcome } from './mikrotik-job.executor';

const row = (outcome: 'restored' | 'failed', comment: string) => ({ menu: '/ip/route' as const, comment, action: 'delete' as const, outcome, error: outcome === 'failed' ? 'not enough permissions (9)' : null });
const report = (outcome: RollbackReport['outcome'], rows: ReturnType<typeof row>[]): RollbackReport => ({
  outcome,
  reason: outcome === 'restored' ? 'Restored the managed rows of the chosen backup.' : 'The rollback did not complete after 3 call(s): 1 of 3 restore call(s) were refused, the others were applied.',
  calls: rows.map((r) => ({ method: 'DELETE', path: '/rest/ip/route/*1', kind: r.action, menu: r.menu, comment: r.comment })),
  error: null,
  rows,
  summary: { restored: rows.filter((r) => r.outcome === 'restored').length, failed: rows.filter((r) => r.outcome === 'failed').length },
});

describe('a rollback job ends as its restore did', () => {
  it('completes when every row went back', () => {
    expect(rollbackOutcome('job-1', report('restored', [row('restored', 'a')]))).toMatchObject({ status: 'completed', errorMessage: null, result: { fromJobId: 'job-1' } });
  });

  it('fails with the rows counted and what to do next when the router refused some', () => {
    const outcome = rollbackOutcome('job-1', report('failed', [row('restored', 'a'), row('failed', 'b'), row('restored', 'c')]));
    expect(outcome).toMatchObject({ status: 'failed', errorCode: 'ROLLBACK.FAILED', result: { fromJobId: 'job-1', rollback: { summary: { restored: 2, failed: 1 } } } });
    expect(outcome.errorMessage).toMatch(/^Restoring the backup failed \(2 row\(s\) restored, 1 failed\): .* Run the rollback again/);
  });

  it('reads a report of a site agent older than per-row reports', () => {
    const { rows: _rows, summary: _summary, ...old } = report('failed', [row('failed', 'b')]);
    expect(rollbackOutcome('job-1', old as RollbackReport).errorMessage).toMatch(/^Restoring the backup failed \(1 call\(s\) sent\)/);
  });
});

describe('abandonedOutcome', () => {
  it('fails a job a dead worker left running', () => {
    expect(abandonedOutcome({ status: 'running' }, 'Its changes were rolled back.', { recovered: true })).toEqual({
      status: 'failed',
      errorCode: 'CONTROL_PLANE.RESTARTED',
      errorMessage: 'The control plane stopped while this job was running. Its changes were rolled back.',
      result: { recovered: true },
    });
  });

  it.each(['cancelling', 'cancelled'] as const)('ends a job a dead worker left %s as the cancel it was', (status) => {
    expect(abandonedOutcome({ status }, 'Its changes were rolled back.')).toEqual({
      status: 'cancelled',
      errorCode: 'JOB.CANCELLED',
      errorMessage: 'The job was cancelled, and the control plane stopped while it was rolling back. Its changes were rolled back.',
      result: null,
    });
  });
});
