import { ConfigError, loadAppConfig } from './app-config';

describe('loadAppConfig', () => {
  it('defaults to the embedded database on loopback port 8080 under ./data', () => {
    expect(loadAppConfig({}, '/srv/wom')).toEqual({
      port: 8080,
      host: '127.0.0.1',
      publicUrl: 'http://127.0.0.1:8080',
      databaseUrl: null,
      dataDir: '/srv/wom/data',
      logLevel: 'info',
      trustProxy: false,
      corsOrigins: [],
      bodyLimit: '1mb',
      dbPoolSize: 10,
      authMode: 'single-user',
      jwtSecret: null,
      jwtTtlSeconds: 900,
      loginMaxFailures: 5,
      loginLockoutSeconds: 900,
      rateLimits: { default: 600, heavy: 10, auth: 30 },
      sessions: { ttlSeconds: 604_800, idleSeconds: 86_400, cookieSecure: 'auto' },
      authFailureLimits: { perAddress: 20, perAccount: 10 },
      sso: { oidc: null, localLogin: true },
      nats: { url: null, embeddedEnabled: true, embeddedPort: null, embeddedListen: null, serverBinary: null, agentUrls: [], tls: true, caFile: null, seeds: {} },
      agentDistDir: '/srv/wom/agent/dist',
      tls: { mode: 'auto', enabled: false, files: null, redirectPort: null },
      routerTargets: { allowLoopback: false },
      monitoring: { intervalSeconds: 10, concurrency: 50 },
      jobs: { runnerEnabled: true, concurrency: 10, pollIntervalMs: 1000, leaseSeconds: 60, autoDeployDebounceMs: 2000, driftCheckCron: '0 * * * *', removalRetrySeconds: 30 },
    });
  });

  it('reads every variable', () => {
    const config = loadAppConfig(
      { PORT: '9000', HOST: '0.0.0.0', DATABASE_URL: 'postgres://u@db/wom', DATA_DIR: 'var', LOG_LEVEL: 'DEBUG', TRUST_PROXY: '1', CORS_ORIGINS: 'https://noc.example.com/, http://localhost:4200', BODY_LIMIT: '512KB', DB_POOL_SIZE: '20' },
      '/srv',
    );
    expect(config).toMatchObject({ port: 9000, host: '0.0.0.0', databaseUrl: 'postgres://u@db/wom', dataDir: '/srv/var', logLevel: 'debug', trustProxy: 1, corsOrigins: ['https://noc.example.com', 'http://localhost:4200'], bodyLimit: '512kb', dbPoolSize: 20 });
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['HOST', 'a b'],
    ['DATABASE_URL', 'mysql://x/y'],
    ['DATABASE_URL', 'not a url'],
    ['LOG_LEVEL', 'loud'],
    ['ROUTER_ALLOW_LOOPBACK', 'yes'],
    ['TRUST_PROXY', 'yes please!'],
    ['CORS_ORIGINS', 'noc'],
    ['BODY_LIMIT', 'huge'],
    ['DB_POOL_SIZE', '0'],
  ])('stops on a bad %s, naming it', (variable, value) => {
    expect(() => loadAppConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadAppConfig({ [variable]: value })).toThrow(`Invalid environment variable ${variable}:`);
  });

  it('lists every bad variable at once', () => {
    expect(() => loadAppConfig({ PORT: 'x', LOG_LEVEL: 'y' })).toThrow(/PORT, LOG_LEVEL/);
  });

  describe('AUTH_MODE', () => {
    it.each([
      ['127.0.0.1', 'single-user'],
      ['127.8.9.10', 'single-user'],
      ['::1', 'single-user'],
      ['localhost', 'single-user'],
      ['0.0.0.0', 'multi-user'],
      ['192.168.1.10', 'multi-user'],
      ['::', 'multi-user'],
    ])('defaults on HOST %s to %s', (host, mode) => {
      expect(loadAppConfig({ HOST: host }).authMode).toBe(mode);
    });

    it('allows multi-user on loopback', () => {
      expect(loadAppConfig({ AUTH_MODE: 'multi-user' }).authMode).toBe('multi-user');
    });

    it.each(['0.0.0.0', '10.0.0.1', '::', 'wom.example.com'])('refuses single-user on the non-loopback HOST %s, saying what to do', (host) => {
      expect(() => loadAppConfig({ HOST: host, AUTH_MODE: 'single-user' })).toThrow(ConfigError);
      expect(() => loadAppConfig({ HOST: host, AUTH_MODE: 'single-user' })).toThrow(/AUTH_MODE: single-user mode has no login, so it is allowed only while HOST is a loopback address.*Set AUTH_MODE=multi-user/);
    });

    it.each([
      ['AUTH_MODE', 'none'],
      ['JWT_SECRET', 'short'],
      ['JWT_TTL_SECONDS', '5'],
      ['RATE_LIMIT_HEAVY', '-1'],
    ])('stops on a bad %s', (variable, value) => {
      expect(() => loadAppConfig({ [variable]: value })).toThrow(`Invalid environment variable ${variable}:`);
    });

    it('never echoes a JWT_SECRET in its error', () => {
      expect(() => loadAppConfig({ JWT_SECRET: 'tooshort-secret' })).not.toThrow(/tooshort-secret/);
    });
  });
});
