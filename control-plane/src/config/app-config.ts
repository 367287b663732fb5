import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from './app-config-error';
import { authMode, jwtSecret, readAuthFailureLimits, readSessionConfig, type AuthConfig } from './auth-config';
import { readJobsConfig, type JobsConfig } from '../jobs/jobs-config';
import { readMonitoringConfig, type MonitoringConfig } from '../monitoring/monitoring-config';
import { readNatsConfig, type NatsConfig } from '../nats/nats-config';
import { readRouterTargetsConfig, type RouterTargetsConfig } from '../mikrotik/router-targets-config';
import { publicUrl } from './public-url';
import { readSsoConfig, type SsoConfig } from './sso-config';
import { readTlsConfig, type TlsConfig } from '../tls/tls-config';

export { ConfigError } from './app-config-error';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Everything the control plane reads from its environment, validated once at boot. */
export interface AppConfig extends AuthConfig {
  readonly port: number;
  /** Loopback by default: the embedded single-user setup must not be reachable from the LAN. */
  readonly host: string;
  /**
   * How agents and people reach this control plane (PUBLIC_URL): every install command, script
   * and file handed out uses it. Defaults to the listen address.
   */
  readonly publicUrl: string;
  /** PostgreSQL when set; otherwise the embedded PGlite database under `dataDir`. */
  readonly databaseUrl: string | null;
  /** Absolute path holding the embedded database and generated files. */
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  /** Express `trust proxy`: false, true, a hop count, or a comma-separated list of addresses. */
  readonly trustProxy: boolean | number | string;
  /** Origins allowed by CORS; empty means same-origin only. */
  readonly corsOrigins: readonly string[];
  /** Largest accepted request body, in Express notation (`1mb`). */
  readonly bodyLimit: string;
  /** Connections in the database pool. */
  readonly dbPoolSize: number;
  /** WOM_MASTER_KEY (32 bytes, hex or base64) for secrets at rest; unset means the key file under `dataDir`. */
  readonly masterKey?: string | undefined;
  /** Job runner, auto-deploy, drift schedule and router monitoring. */
  readonly jobs: JobsConfig;
  /** Router health rounds: interval and concurrency. */
  readonly monitoring: MonitoringConfig;
  /** NATS for agents: embedded server by default, or NATS_URL. */
  readonly nats: NatsConfig;
  /** Which router addresses the control plane may call (ROUTER_ALLOW_LOOPBACK for labs and tests). */
  readonly routerTargets: RouterTargetsConfig;
  /**
   * Where the built agent (`wom-agent-linux-x64`, `wom-agent.mjs`, their checksums) is served
   * from under /install (AGENT_DIST_DIR); by default `agent/dist` of the installation.
   */
  readonly agentDistDir: string;
  /** HTTPS: given certificate files, a generated one, or none (TLS, TLS_CERT, TLS_KEY, HTTP_REDIRECT_PORT). */
  readonly tls: TlsConfig;
  /** Single sign-on (OIDC_*) and whether password login stays on (LOCAL_LOGIN). */
  readonly sso: SsoConfig;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Builds the typed config from an environment (normally `process.env`, which nothing else
 * reads). Every problem is collected, so one failed start lists all of them.
 */
export function loadAppConfig(env: Env, cwd: string = process.cwd(), installRoot: string = cwd): AppConfig {
  const errors: ConfigError[] = [];
  const read = <T>(name: string, fallback: T, parse: (raw: string) => T): T => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return fallback;
    try {
      return parse(raw);
    } catch (error) {
      const problem = error instanceof ConfigError ? error : new ConfigError(name, String(error));
      // A variable read by more than one settings group is reported once.
      if (!errors.some((e) => e.variable === problem.variable && e.message === problem.message)) errors.push(problem);
      return fallback;
    }
  };
  const config: AppConfig = {
    port: read('PORT', 8080, (raw) => integer('PORT', raw, 0, 65535)),
    host: read('HOST', '127.0.0.1', (raw) => hostname('HOST', raw)),
    publicUrl: '',
    databaseUrl: read<string | null>('DATABASE_URL', null, (raw) => databaseUrl(raw)),
    dataDir: read('DATA_DIR', resolve(cwd, 'data'), (raw) => (isAbsolute(raw) ? raw : resolve(cwd, raw))),
    logLevel: read<LogLevel>('LOG_LEVEL', 'info', (raw) => oneOf('LOG_LEVEL', raw, LOG_LEVELS)),
    trustProxy: read<boolean | number | string>('TRUST_PROXY', false, trustProxy),
    corsOrigins: read<string[]>('CORS_ORIGINS', [], corsOrigins),
    bodyLimit: read('BODY_LIMIT', '1mb', (raw) => bodyLimit(raw)),
    dbPoolSize: read('DB_POOL_SIZE', 10, (raw) => integer('DB_POOL_SIZE', raw, 1, 100)),
    // Format-checked where it is decoded (SecretBox provider), so the value never lands in a ConfigError.
    masterKey: read<string | undefined>('WOM_MASTER_KEY', undefined, (raw) => raw),
    jobs: readJobsConfig(read),
    monitoring: readMonitoringConfig(read),
    nats: readNatsConfig(read),
    routerTargets: readRouterTargetsConfig(read),
    agentDistDir: read('AGENT_DIST_DIR', resolve(installRoot, 'agent', 'dist'), (raw) => (isAbsolute(raw) ? raw : resolve(cwd, raw))),
    tls: { mode: 'off', enabled: false, files: null, redirectPort: null },
    authMode: 'multi-user',
    jwtSecret: read<string | null>('JWT_SECRET', null, jwtSecret),
    jwtTtlSeconds: read('JWT_TTL_SECONDS', 900, (raw) => integer('JWT_TTL_SECONDS', raw, 60, 900)),
    loginMaxFailures: read('LOGIN_MAX_FAILURES', 5, (raw) => integer('LOGIN_MAX_FAILURES', raw, 1, 1000)),
    loginLockoutSeconds: read('LOGIN_LOCKOUT_SECONDS', 900, (raw) => integer('LOGIN_LOCKOUT_SECONDS', raw, 1, 86_400)),
    rateLimits: {
      default: read('RATE_LIMIT_DEFAULT', 600, (raw) => integer('RATE_LIMIT_DEFAULT', raw, 0, 1_000_000)),
      heavy: read('RATE_LIMIT_HEAVY', 10, (raw) => integer('RATE_LIMIT_HEAVY', raw, 0, 1_000_000)),
      auth: read('RATE_LIMIT_AUTH', 30, (raw) => integer('RATE_LIMIT_AUTH', raw, 0, 1_000_000)),
    },
    sessions: readSessionConfig(read),
    authFailureLimits: readAuthFailureLimits(read),
    sso: { oidc: null, localLogin: true },
  };
  // Read after HOST, which decides whether `auto` serves HTTPS.
  (config as { tls: TlsConfig }).tls = readTlsConfig(read, config.host, cwd);
  // Read after HOST, PORT and TLS, which give its default.
  const listenUrl = publicUrl(undefined, config.host, config.port).replace(/^http:/, config.tls.enabled ? 'https:' : 'http:');
  (config as { publicUrl: string }).publicUrl = read('PUBLIC_URL', listenUrl, (raw) => publicUrl(raw, config.host, config.port));
  // Read after PUBLIC_URL, which gives the default redirect URL.
  (config as { sso: SsoConfig }).sso = readSsoConfig(read, config.publicUrl);
  // Read after HOST, which decides the default and whether single-user is allowed at all.
  (config as { authMode: AppConfig['authMode'] }).authMode = read('AUTH_MODE', authMode(undefined, config.host), (raw) => authMode(raw, config.host));
  if (errors.length > 0) {
    throw new ConfigError(errors.map((e) => e.variable).join(', '), errors.map((e) => e.message).join('; '));
  }
  return config;
}

function integer(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got "${raw}".`);
  }
  return Number(raw);
}

function hostname(name: string, raw: string): string {
  if (!/^[A-Za-z0-9.:-]+$/.test(raw)) throw new ConfigError(name, `expected an IP address or host name, got "${raw}".`);
  return raw;
}

function oneOf<T extends string>(name: string, raw: string, allowed: readonly T[]): T {
  const value = raw.toLowerCase() as T;
  if (!allowed.includes(value)) throw new ConfigError(name, `expected one of ${allowed.join(', ')}, got "${raw}".`);
  return value;
}

function databaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'expected a URL like postgres://user:password@host:5432/database.');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `expected a postgres:// URL, got the scheme "${url.protocol}".`);
  }
  return raw;
}

function trustProxy(raw: string): boolean | number | string {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  if (/^\d+$/.test(raw)) return Number(raw);
  if (/^[A-Za-z0-9.:/,\s-]+$/.test(raw)) return raw;
  throw new ConfigError('TRUST_PROXY', `expected true, false, a hop count or a list of addresses, got "${raw}".`);
}

function corsOrigins(raw: string): string[] {
  return raw.split(',').map((origin) => {
    const trimmed = origin.trim();
    if (trimmed === '*') return trimmed;
    try {
      return new URL(trimmed).origin;
    } catch {
      throw new ConfigError('CORS_ORIGINS', `expected a comma-separated list of origins like https://noc.example.com, got "${trimmed}".`);
    }
  });
}

function bodyLimit(raw: string): string {
  if (!/^\d+(b|kb|mb)$/i.test(raw)) throw new ConfigError('BODY_LIMIT', `expected a size like 512kb or 1mb, got "${raw}".`);
  return raw.toLowerCase();
}
