/**
 * A browser reduced to what a sign-in needs: one cookie jar per origin (paths ignored), and
 * redirects followed by hand so every hop can be seen. Plain fetch against real servers.
 */
export class TestBrowser {
  private readonly jars = new Map<string, Map<string, string>>();

  /** Cookies this browser holds for an origin, as one Cookie header value. */
  cookies(origin: string): string {
    return [...(this.jars.get(origin) ?? new Map<string, string>())].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jars.get(origin)?.get(name);
  }

  async request(url: string, init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {}): Promise<Response> {
    const target = new URL(url);
    const headers: Record<string, string> = { ...init.headers };
    const cookie = this.cookies(target.origin);
    if (cookie !== '') headers['cookie'] = cookie;
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(target, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body, redirect: 'manual', signal: AbortSignal.timeout(15_000) });
    this.store(target.origin, res.headers.getSetCookie());
    return res;
  }

  /**
   * Follows redirects from `url` until one leaves for `stopAt` (not requested) or a page
   * answers; `rewrite` maps a redirect target (the registered callback URL) to where the
   * server really listens. At most 20 hops.
   */
  async follow(url: string, stop: (location: URL) => boolean, rewrite: (location: URL) => URL = (l) => l): Promise<{ response: Response; location: URL | null }> {
    let next = new URL(url);
    for (let hop = 0; hop < 20; hop++) {
      const response = await this.request(next.href);
      const header = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || header === null) return { response, location: null };
      const location = rewrite(new URL(header, next));
      if (stop(location)) return { response, location };
      await response.arrayBuffer();
      next = location;
    }
    throw new Error(`more than 20 redirects from ${url}`);
  }

  private store(origin: string, setCookies: string[]): void {
    const jar = this.jars.get(origin) ?? new Map<string, string>();
    this.jars.set(origin, jar);
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = value === '' || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()));
      if (expired) jar.delete(name);
      else jar.set(name, value);
    }
  }
}
