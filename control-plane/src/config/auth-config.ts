import { ConfigError } from './app-config-error';

export const AUTH_MODES = ['single-user', 'multi-user'] as const;
export type AuthMode = (typeof AUTH_MODES)[number];

/** Requests allowed per minute for each route class; 0 turns the class off. */
export interface RateLimits {
  /** Per client and route: every endpoint without a class of its own. */
  readonly default: number;
  /** Per client and route: export, regenerate-all, drift, reconcile, deploy (`@HeavyRoute()`). */
  readonly heavy: number;
  /** Per client IP on the login endpoint, on top of the per-username lockout. */
  readonly auth: number;
}

/** The authentication part of the config. */
export interface AuthConfig {
  /** `single-user` (no login, implicit admin `local`) only ever on a loopback HOST. */
  readonly authMode: AuthMode;
  /**
   * JWT_SECRET: when set, the material of the first signing key (so existing configurations
   * keep working); signing keys otherwise live in the database, sealed with the master key.
   */
  readonly jwtSecret: string | null;
  /** Lifetime of an access token: at most 15 minutes, since a refresh replaces it. */
  readonly jwtTtlSeconds: number;
  /** Failed logins per username and IP before the pair is locked out for `loginLockoutSeconds`. */
  readonly loginMaxFailures: number;
  readonly loginLockoutSeconds: number;
  readonly rateLimits: RateLimits;
  readonly sessions: SessionConfig;
  readonly authFailureLimits: AuthFailureLimits;
}

/** `auto`: the refresh cookie is `Secure` when the request came over HTTPS (directly or per a trusted proxy). */
export const COOKIE_SECURE_MODES = ['auto', 'true', 'false'] as const;
export type CookieSecureMode = (typeof COOKIE_SECURE_MODES)[number];

/** How long a login lasts: refreshes keep it alive up to `ttlSeconds`, unless idle for `idleSeconds`. */
export interface SessionConfig {
  readonly ttlSeconds: number;
  readonly idleSeconds: number;
  readonly cookieSecure: CookieSecureMode;
}

/** Failed authentications per minute before 429; 0 turns a limit off. */
export interface AuthFailureLimits {
  /** Per client address, whatever was presented: password, API key, access or refresh token. */
  readonly perAddress: number;
  /** Per account named in the attempt: a username (any address) or an API key's public id. */
  readonly perAccount: number;
}

type Read = <T>(name: string, fallback: T, parse: (raw: string) => T) => T;
const whole = (name: string, min: number, max: number) => (raw: string): number => {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got "${raw}".`);
  return Number(raw);
};

export function readSessionConfig(read: Read): SessionConfig {
  return {
    ttlSeconds: read('SESSION_TTL_SECONDS', 7 * 86_400, whole('SESSION_TTL_SECONDS', 300, 90 * 86_400)),
    idleSeconds: read('SESSION_IDLE_SECONDS', 86_400, whole('SESSION_IDLE_SECONDS', 300, 90 * 86_400)),
    cookieSecure: read<CookieSecureMode>('COOKIE_SECURE', 'auto', (raw) => {
      const value = raw.toLowerCase();
      if (!(COOKIE_SECURE_MODES as readonly string[]).includes(value)) throw new ConfigError('COOKIE_SECURE', `expected one of ${COOKIE_SECURE_MODES.join(', ')}, got "${raw}".`);
      return value as CookieSecureMode;
    }),
  };
}

export function readAuthFailureLimits(read: Read): AuthFailureLimits {
  return {
    perAddress: read('AUTH_FAILURES_PER_ADDRESS', 20, whole('AUTH_FAILURES_PER_ADDRESS', 0, 1_000_000)),
    perAccount: read('AUTH_FAILURES_PER_ACCOUNT', 10, whole('AUTH_FAILURES_PER_ACCOUNT', 0, 1_000_000)),
  };
}

/**
 * True for 127.0.0.0/8, ::1 and `localhost`: the only places single-user mode may listen.
 *
 * @example isLoopbackHost('127.0.0.1') // true; isLoopbackHost('0.0.0.0') // false
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Single-user mode means no login at all, so it is refused outright anywhere but loopback:
 * the default follows HOST, and an explicit `single-user` on a LAN address stops the start.
 */
export function authMode(raw: string | undefined, host: string): AuthMode {
  const loopback = isLoopbackHost(host);
  if (raw === undefined || raw.trim() === '') return loopback ? 'single-user' : 'multi-user';
  const value = raw.trim().toLowerCase();
  if (!(AUTH_MODES as readonly string[]).includes(value)) {
    throw new ConfigError('AUTH_MODE', `expected one of ${AUTH_MODES.join(', ')}, got "${raw}".`);
  }
  if (value === 'single-user' && !loopback) {
    throw new ConfigError(
      'AUTH_MODE',
      `single-user mode has no login, so it is allowed only while HOST is a loopback address (127.0.0.1, ::1, localhost); HOST is "${host}". ` +
        'Set AUTH_MODE=multi-user (or leave it unset) to listen on this address, or set HOST=127.0.0.1.',
    );
  }
  return value as AuthMode;
}

export function jwtSecret(raw: string): string {
  if (raw.length < 32) throw new ConfigError('JWT_SECRET', `expected at least 32 characters of random text (got ${raw.length}). Generate one with: openssl rand -base64 32`);
  return raw;
}
