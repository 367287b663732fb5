/**
 * The few calls the demo makes to the control plane's public REST API. Every request has a
 * time limit, and a refusal is reported with the API's own code, message and fields.
 */
export class DemoApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(`${method} ${path} answered ${status}: ${describe(body)}`);
  }
}

function describe(body: unknown): string {
  if (body && typeof body === 'object' && 'message' in body) {
    const { code, message, fields } = body as { code?: string; message?: string; fields?: { field: string; reason: string }[] };
    const detail = (fields ?? []).map((f) => `${f.field}: ${f.reason}`).join('; ');
    return [code, message, detail].filter(Boolean).join(' - ');
  }
  return typeof body === 'string' ? body.slice(0, 500) : JSON.stringify(body)?.slice(0, 500) ?? '';
}

export class DemoApi {
  constructor(
    /** `http://127.0.0.1:8080`, without a trailing slash. */
    readonly baseUrl: string,
    private readonly headers: Readonly<Record<string, string>> = {},
    private readonly timeoutMs = 30_000,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  post<T>(path: string, body: unknown = {}, timeoutMs = this.timeoutMs): Promise<T> {
    return this.call<T>('POST', path, body, timeoutMs);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('PUT', path, body);
  }

  private async call<T>(method: string, path: string, body?: unknown, timeoutMs = this.timeoutMs): Promise<T> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...this.headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // Not JSON (a proxy's error page, say): the text goes into the error as it is.
    }
    if (!response.ok) throw new DemoApiError(method, path, response.status, parsed);
    return parsed as T;
  }
}

/** Calls `probe` until it returns a value or `timeoutMs` passes; the error says what was awaited. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs: number, intervalMs = 250): Promise<T> {
  const until = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > until) {
      const reason = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`${what} did not happen within ${Math.round(timeoutMs / 1000)} s${reason}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
