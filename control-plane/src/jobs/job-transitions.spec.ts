import { JOB_STATUSES } from '../database/entities/deployment-job.entity';
import { refusal } from './job-transitions';

describe('job transitions', () => {
  it.each(JOB_STATUSES.map((s) => [s]))('%s', (status) => {
    expect(refusal('cancel', status) === null).toBe(status === 'pending' || status === 'running');
    expect(refusal('retry', status) === null).toBe(status === 'failed' || status === 'cancelled');
  });

  it('says what is allowed', () => expect(refusal('retry', 'completed')).toBe('The job is completed; only failed or cancelled jobs can be retried.'));
});
