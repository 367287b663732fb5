import { ConfigError, loadAppConfig } from './app-config';

describe('loadAppConfig', () => {
  it('defaults to the embedded database on loopback port 8080 under ./data', () => {
    expect(loadAppConfig({}, '/srv/wom')).toEqual({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: null,
      dataDir: '/srv/wom/data',
      logLevel: 'info',
      trustProxy: false,
      corsOrigins: [],
      bodyLimit: '1mb',
      dbPoolSize: 10,
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
});
