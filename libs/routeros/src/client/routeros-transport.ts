import { buildConnector, Pool } from 'undici';
import { redactBody, type RouterOsCallHook } from './call-log';
import { errorFromNetwork, errorFromResponse, RouterOsError } from './errors';
import { backoffDelay, DEFAULT_RETRY_POLICY, mayRepeat, type RetryPolicy } from './retry';

type Body = Readonly<Record<string, unknown>>;

/** RouterOS aborts any request after 60 s (ROUTEROS-REST.md §1); ours must give up first. */
const ROUTEROS_SESSION_LIMIT_MS = 60_000;

export interface RouterOsConnectionOptions {
  readonly host: string;
  readonly port?: number;
  /** `https` by default; `http` only when asked, and only RouterOS ≥ 7.9 serves it. */
  readonly protocol?: 'https' | 'http';
  readonly username: string;
  readonly password: string;
  /** Off by default (spec §10.2): routers usually carry self-signed certificates. */
  readonly verifyTls?: boolean;
  /** PEM of a CA to trust when verifying. */
  readonly ca?: string;
  /** Per request, below 60 s. Default 30 s. */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Jitter source, [0, 1). Tests pass a fixed one. */
  readonly random?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called after every HTTP attempt, secrets redacted. */
  readonly onCall?: RouterOsCallHook;
  /** Keep-alive connections to this router (RouterOS allows 20 sessions per service by default). */
  readonly connections?: number;
  /**
   * Called before every new connection with the router's host (a name or an address); returns
   * the address to connect to, or rejects to refuse the connection. The name is kept for TLS
   * (SNI and the certificate check). Lets a caller resolve and vet the address itself, so a
   * name cannot be re-pointed between the check and the connection.
   */
  readonly resolveHost?: (host: string) => Promise<string>;
}

export interface RetryHow<T> {
  /** May an unclear failure (the router may have acted) simply be repeated? */
  readonly idempotent: boolean;
  /** For non-idempotent writes: finds what an unclear attempt created, before repeating it. */
  readonly recover?: () => Promise<T | undefined>;
}

/**
 * The HTTP side of one router's client: a keep-alive undici pool, Basic auth, a per-request
 * timeout, error mapping, the call-log hook and the retry loop. Knows nothing about menus.
 */
export class RouterOsTransport {
  private readonly pool: Pool;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly random: () => number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: RouterOsConnectionOptions) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
    if (!(this.timeoutMs > 0 && this.timeoutMs < ROUTEROS_SESSION_LIMIT_MS)) {
      throw new RangeError(`timeoutMs must be between 0 and ${ROUTEROS_SESSION_LIMIT_MS} ms (RouterOS closes longer requests).`);
    }
    const protocol = options.protocol ?? 'https';
    const port = options.port ?? (protocol === 'https' ? 443 : 80);
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    const tls = { rejectUnauthorized: options.verifyTls ?? false, ...(options.ca ? { ca: options.ca } : {}) };
    this.pool = new Pool(`${protocol}://${host}:${port}`, {
      connections: options.connections ?? 4,
      connect: options.resolveHost ? connectThrough(options.resolveHost, buildConnector(tls)) : tls,
    });
    this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.random = options.random ?? Math.random;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  close(): Promise<void> {
    return this.pool.close();
  }

  /** One call with retries: `run(attempt)` usually wraps {@link RouterOsTransport.attempt}. */
  async withRetries<T>(run: (attempt: number) => Promise<T>, how: RetryHow<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run(attempt);
      } catch (error) {
        if (!(error instanceof RouterOsError) || attempt >= this.policy.maxAttempts) throw error;
        if (error.retry === 'unclear' && !how.idempotent) {
          // The router may have acted: look before repeating, and never guess without a key.
          if (!how.recover) throw error;
          const existing = await how.recover();
          if (existing !== undefined) return existing;
        } else if (!mayRepeat(error, how.idempotent)) {
          throw error;
        }
        await this.sleep(backoffDelay(attempt, this.policy, this.random));
      }
    }
  }

  /** One HTTP exchange: timeout, error mapping and the call-log hook. */
  async attempt<T>(method: string, path: string, body: Body | undefined, attempt: number): Promise<T> {
    const started = Date.now();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    let status: number | null = null;
    try {
      const response = await this.pool
        .request({
          method: method as 'GET',
          path,
          headers: { authorization: this.authorization, ...(body ? { 'content-type': 'application/json' } : {}) },
          ...(body ? { body: JSON.stringify(body) } : {}),
          signal: controller.signal,
        })
        .catch((error: unknown) => {
          throw errorFromNetwork(error, timedOut);
        });
      status = response.statusCode;
      const text = await response.body.text().catch((error: unknown) => {
        throw errorFromNetwork(error, timedOut);
      });
      const data = parseJson(text, status);
      if (status >= 400) throw errorFromResponse(status, data);
      this.log(method, path, body, status, started, attempt);
      return data as T;
    } catch (error) {
      const failure = error instanceof RouterOsError ? error : errorFromNetwork(error, timedOut);
      this.log(method, path, body, status, started, attempt, failure);
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  }

  private log(method: string, path: string, body: Body | undefined, status: number | null, started: number, attempt: number, error?: RouterOsError): void {
    if (!this.options.onCall) return;
    try {
      this.options.onCall({
        method,
        path,
        ...(body ? { requestBody: redactBody(body) } : {}),
        status,
        durationMs: Date.now() - started,
        attempt,
        ...(error ? { error: { code: error.code, message: error.message } } : {}),
      });
    } catch {
      // A failing log sink must not turn a successful router call into a failed one.
    }
  }
}

/**
 * RouterOS can emit raw control characters inside strings, which makes the JSON invalid;
 * escaping them and parsing again is what terraform's client does (ROUTEROS-REST.md §5).
 */
function parseJson(text: string, status: number): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    try {
      // eslint-disable-next-line no-control-regex
      return JSON.parse(text.replace(/[\u0000-\u001f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`));
    } catch {
      if (status >= 400) return undefined;
      throw new RouterOsError('ROUTEROS.REQUEST_FAILED', { status, detail: 'the reply was not valid JSON' });
    }
  }
}

/** A connector that dials the address `resolveHost` gives for the origin's host, or fails the connection with its error. */
function connectThrough(resolveHost: (host: string) => Promise<string>, connect: buildConnector.connector): buildConnector.connector {
  return (target, callback) => {
    resolveHost(target.hostname).then(
      (address) => connect({ ...target, hostname: address }, callback),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    );
  };
}
