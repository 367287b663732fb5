import { ConfigError, loadAppConfig } from '../config/app-config';

describe('jobs settings', () => {
  it('has working defaults', () => {
    expect(loadAppConfig({}).jobs).toEqual({
      runnerEnabled: true,
      concurrency: 10,
      pollIntervalMs: 1000,
      leaseSeconds: 60,
      autoDeployDebounceMs: 2000,
      driftCheckCron: '0 * * * *',
      removalRetrySeconds: 30,
    });
  });

  it('reads every variable', () => {
    const jobs = loadAppConfig({
      JOB_RUNNER_ENABLED: 'false',
      JOB_CONCURRENCY: '3',
      JOB_POLL_INTERVAL_MS: '250',
      JOB_LEASE_SECONDS: '30',
      AUTO_DEPLOY_DEBOUNCE_MS: '0',
      DRIFT_CHECK_CRON: '*/15 * * * *',
      REMOVAL_RETRY_SECONDS: '5',
    }).jobs;
    expect(jobs).toEqual({ runnerEnabled: false, concurrency: 3, pollIntervalMs: 250, leaseSeconds: 30, autoDeployDebounceMs: 0, driftCheckCron: '*/15 * * * *', removalRetrySeconds: 5 });
    expect(loadAppConfig({ DRIFT_CHECK_CRON: 'off' }).jobs.driftCheckCron).toBeNull();
  });

  it.each([
    ['JOB_CONCURRENCY', '0'],
    ['JOB_CONCURRENCY', '10; DROP'],
    ['JOB_RUNNER_ENABLED', 'yes'],
    ['JOB_LEASE_SECONDS', '1'],
    ['DRIFT_CHECK_CRON', 'every hour'],
    ['DRIFT_CHECK_CRON', '61 * * * *'],
    ['REMOVAL_RETRY_SECONDS', '0'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    let thrown: unknown;
    try {
      loadAppConfig({ [name]: value });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).variable).toBe(name);
  });
});
