import type { RouterOsErrorCode } from './errors';

/** One HTTP attempt, for the MikroTik API-call log (spec §6.1.8). */
export interface RouterOsCallLogEntry {
  readonly method: string;
  /** Path and query below the origin, e.g. `/rest/ip/address?comment=x`. */
  readonly path: string;
  /** The JSON body with secrets replaced; undefined for GET/DELETE. */
  readonly requestBody?: Readonly<Record<string, unknown>>;
  /** HTTP status, or null when no answer came. */
  readonly status: number | null;
  readonly durationMs: number;
  /** 1 for the first try, 2+ for retries. */
  readonly attempt: number;
  readonly error?: { readonly code: RouterOsErrorCode; readonly message: string };
}

export type RouterOsCallHook = (entry: RouterOsCallLogEntry) => void;

/** Properties whose values never reach a log. */
export const SECRET_PROPERTIES: ReadonlySet<string> = new Set(['private-key', 'preshared-key', 'password']);

export const REDACTED = '(redacted)';

export function redactBody(body: Readonly<Record<string, unknown>> | undefined): Readonly<Record<string, unknown>> | undefined {
  if (!body) return undefined;
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, SECRET_PROPERTIES.has(key.replace(/^!/, '')) ? REDACTED : value]));
}
