import { JOB_STATUSES } from '../database/entities/deployment-job.entity';
import { isFinished, refusal } from './job-transitions';

describe('job transitions', () => {
  it.each(JOB_STATUSES.map((s) => [s]))('%s', (status) => {
    expect(refusal('cancel', status) === null).toBe(status === 'pending' || status === 'running');
    expect(refusal('retry', status) === null).toBe(status === 'failed' || status === 'cancelled');
    expect(isFinished(status)).toBe(status === 'completed' || status === 'failed' || status === 'cancelled');
  });

  it('says what is allowed', () => expect(refusal('retry', 'completed')).toBe('The job is completed; only failed or cancelled jobs can be retried.'));

  it('says a cancelling job is already on its way to cancelled', () => {
    expect(refusal('cancel', 'cancelling')).toMatch(/already being cancelled.*ends cancelled once the restore has finished/);
    expect(refusal('retry', 'cancelling')).toMatch(/still being cancelled.*retry it once it has ended cancelled/);
  });
});
