import { ConfigError, loadAppConfig } from '../config/app-config';

describe('monitoring settings', () => {
  it('reads every router each 10 s, 50 at once, by default', () => {
    expect(loadAppConfig({}).monitoring).toEqual({ intervalSeconds: 10, concurrency: 50 });
  });

  it('reads MONITOR_INTERVAL_SECONDS and MONITOR_CONCURRENCY; 0 turns monitoring off', () => {
    expect(loadAppConfig({ MONITOR_INTERVAL_SECONDS: '0', MONITOR_CONCURRENCY: '200' }).monitoring).toEqual({ intervalSeconds: 0, concurrency: 200 });
  });

  it.each([
    ['MONITOR_INTERVAL_SECONDS', '-1'],
    ['MONITOR_INTERVAL_SECONDS', 'ten'],
    ['MONITOR_CONCURRENCY', '0'],
    ['MONITOR_CONCURRENCY', '501'],
  ])('refuses %s=%s, naming the variable once', (name, value) => {
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
