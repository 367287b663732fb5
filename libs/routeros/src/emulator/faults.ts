/**
 * Fault injection for one emulated router. A fault fires once, at the nth call matching it,
 * counted from when it was injected.
 */
export type FaultAction =
  /** Answer with this status; the body defaults to RouterOS's error shape. */
  | { readonly status: number; readonly body?: unknown }
  /** Destroy the connection without answering. */
  | 'reset'
  /** Never answer; the client's own timeout has to end the call. */
  | 'timeout'
  /** Answer normally, this much later (on top of the router's latency). */
  | { readonly delayMs: number };

export interface FaultMatch {
  readonly method?: string;
  /** Compared with the URL path including `/rest`, e.g. `/rest/interface/wireguard`. */
  readonly pathPrefix?: string;
  /** Only calls that change the router: PUT, PATCH, DELETE and POST commands other than print and ping. */
  readonly writes?: boolean;
}

/** Whether a call can change the router's configuration. */
export function isWriteRequest(method: string, path: string): boolean {
  if (method === 'PUT' || method === 'PATCH' || method === 'DELETE') return true;
  return method === 'POST' && !path.endsWith('/print') && path !== '/rest/ping';
}

export interface FaultSpec {
  readonly match?: FaultMatch;
  /** 1 = the next matching call. */
  readonly nth?: number;
  readonly fault: FaultAction;
  /**
   * Carry out the request before failing, so the router changed but the client never heard:
   * the "unclear failure" a PUT must not blindly repeat.
   */
  readonly applied?: boolean;
}

interface Pending {
  readonly spec: FaultSpec;
  seen: number;
}

export class FaultInjector {
  private pending: Pending[] = [];
  latencyMs = 0;

  inject(spec: FaultSpec): void {
    this.pending.push({ spec, seen: 0 });
  }

  clear(): void {
    this.pending = [];
    this.latencyMs = 0;
  }

  /** Counts this call against every pending fault and returns the first one due now. */
  take(method: string, path: string): FaultSpec | undefined {
    let due: Pending | undefined;
    for (const entry of this.pending) {
      const { method: wanted, pathPrefix, writes } = entry.spec.match ?? {};
      if ((wanted && wanted.toUpperCase() !== method) || (pathPrefix && !path.startsWith(pathPrefix))) continue;
      if (writes && !isWriteRequest(method, path)) continue;
      entry.seen++;
      if (!due && entry.seen >= (entry.spec.nth ?? 1)) due = entry;
    }
    if (due) this.pending = this.pending.filter((entry) => entry !== due);
    return due?.spec;
  }
}
