import { RouterOsError } from './errors';
import { RouterOsTransport, type RouterOsConnectionOptions } from './routeros-transport';
import { parseRouterOsVersion, type RouterOsVersion } from './version';

export type RouterOsRecord = Record<string, string>;
type Body = Readonly<Record<string, unknown>>;

export type RouterOsClientOptions = RouterOsConnectionOptions;

/** What a DELETE did: removed the row, or found it already gone. */
export type RemoveOutcome = 'removed' | 'already-gone';

export interface ListOptions {
  /** Property names; `.id` is always added. */
  readonly proplist?: readonly string[];
  /** Exact equality filters, ANDed (RouterOS has no regex; filter text on the client). */
  readonly filter?: Readonly<Record<string, string>>;
}

export interface PrintOptions {
  readonly proplist?: readonly string[];
  /** API query words, e.g. `['type=ether', 'type=vlan', '#|']`. */
  readonly query?: readonly string[];
}

export interface PingResult {
  readonly probes: readonly RouterOsRecord[];
  readonly sent: number;
  readonly received: number;
  readonly packetLoss: number;
  readonly avgRtt?: string;
}

/**
 * A RouterOS v7 REST client for one router: Basic auth, a keep-alive undici pool, a
 * per-request timeout, typed errors and bounded retries. Menus are written as in the docs,
 * e.g. `/ip/address`; the client adds `/rest`.
 */
export class RouterOsClient {
  private readonly transport: RouterOsTransport;
  /** The RouterOS user this client logs in as; a connection test looks up its group's policies. */
  readonly username: string;

  constructor(options: RouterOsClientOptions) {
    this.transport = new RouterOsTransport(options);
    this.username = options.username;
  }

  list(menu: string, options: ListOptions = {}): Promise<RouterOsRecord[]> {
    const query = new URLSearchParams(Object.entries(options.filter ?? {}));
    if (options.proplist) query.set('.proplist', ['.id', ...options.proplist.filter((name) => name !== '.id')].join(','));
    const search = query.toString();
    return this.request<RouterOsRecord[]>('GET', `${rest(menu)}${search ? `?${search}` : ''}`);
  }

  /** One row by `*id`, or by name in named menus. */
  get(menu: string, id: string): Promise<RouterOsRecord> {
    return this.request<RouterOsRecord>('GET', `${rest(menu)}/${encodeURIComponent(id)}`);
  }

  /**
   * PUT: creates one row and returns it as stored. `placeBefore` inserts it before that row
   * (firewall order); RouterOS accepts it only here. Never blindly repeated: after an unclear
   * failure the client looks for the row by its comment and returns it if it was created.
   */
  async create(menu: string, fields: Body, options: { placeBefore?: string } = {}): Promise<RouterOsRecord> {
    const body = options.placeBefore === undefined ? fields : { ...fields, 'place-before': options.placeBefore };
    const comment = typeof fields['comment'] === 'string' && fields['comment'] !== '' ? fields['comment'] : undefined;
    return this.transport.withRetries((attempt) => this.transport.attempt<RouterOsRecord>('PUT', rest(menu), body, attempt), {
      idempotent: false,
      recover: comment === undefined ? undefined : async () => (await this.list(menu, { filter: { comment } })).at(-1),
    });
  }

  update(menu: string, id: string, fields: Body): Promise<RouterOsRecord> {
    return this.request<RouterOsRecord>('PATCH', `${rest(menu)}/${encodeURIComponent(id)}`, fields);
  }

  /**
   * DELETE. A 404 on a retry means the first attempt did delete the row. With `missingIsGone`
   * a 404 on the first attempt is an answer too: the row was already gone (someone removed it
   * meanwhile), which is what the caller wanted; the result says which of the two happened.
   */
  async remove(menu: string, id: string, options: { readonly missingIsGone?: boolean } = {}): Promise<RemoveOutcome> {
    return this.transport.withRetries(
      async (attempt): Promise<RemoveOutcome> => {
        try {
          await this.transport.attempt('DELETE', `${rest(menu)}/${encodeURIComponent(id)}`, undefined, attempt);
          return 'removed';
        } catch (error) {
          if (!(error instanceof RouterOsError && error.code === 'ROUTEROS.NOT_FOUND')) throw error;
          if (attempt > 1) return 'removed';
          if (options.missingIsGone) return 'already-gone';
          throw error;
        }
      },
      { idempotent: true },
    );
  }

  /**
   * `POST <menu>/remove {"numbers":"*1,*2"}`: several rows in one call (ROUTEROS-REST.md §2),
   * answered `[]`. Repeating it after an unclear failure can't remove anything else, since ids
   * are never reused (§3): a repeat either removes the same rows or is refused for naming rows
   * already gone, and the caller then removes row by row.
   */
  async removeMany(menu: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.request('POST', `${rest(menu)}/remove`, { numbers: ids.join(',') }, true);
  }

  /** POST any command, e.g. `command('/ip/firewall/filter/move', {numbers, destination})`. */
  command<T = unknown>(path: string, body: Body = {}): Promise<T> {
    // Only print is known to have no effect; other commands are repeated only when safe.
    return this.request<T>('POST', rest(path), body, path.endsWith('/print'));
  }

  print(menu: string, options: PrintOptions = {}): Promise<RouterOsRecord[]> {
    const body: Record<string, unknown> = {};
    if (options.proplist) body['.proplist'] = [...options.proplist];
    if (options.query) body['.query'] = [...options.query];
    return this.command<RouterOsRecord[]>(`${menu}/print`, body);
  }

  async count(menu: string, query?: readonly string[]): Promise<number> {
    const reply = await this.command<{ ret: string }>(`${menu}/print`, { 'count-only': '', ...(query ? { '.query': [...query] } : {}) });
    return Number(reply.ret);
  }

  async identity(): Promise<string> {
    return (await this.singleton('/system/identity'))['name'] ?? '';
  }

  resource(): Promise<RouterOsRecord> {
    return this.singleton('/system/resource');
  }

  async version(): Promise<RouterOsVersion | undefined> {
    return parseRouterOsVersion((await this.resource())['version'] ?? '');
  }

  /** Undefined on x86 CHR, which has no routerboard menu. */
  async routerboard(): Promise<RouterOsRecord | undefined> {
    try {
      return await this.singleton('/system/routerboard');
    } catch (error) {
      if (error instanceof RouterOsError && /no such command/.test(error.detail ?? '')) return undefined;
      throw error;
    }
  }

  /** `count` probes; RouterOS answers one cumulative row each, the last being the summary. */
  async ping(address: string, count = 4): Promise<PingResult> {
    const probes = await this.command<RouterOsRecord[]>('/ping', { address, count: String(count) });
    const last = probes.at(-1) ?? {};
    const sent = Number(last['sent'] ?? 0);
    const received = Number(last['received'] ?? 0);
    return {
      probes,
      sent,
      received,
      packetLoss: Number(last['packet-loss'] ?? (sent === 0 ? 100 : 0)),
      ...(last['avg-rtt'] ? { avgRtt: last['avg-rtt'] } : {}),
    };
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  /** Current versions answer singletons with a bare object, 7.1beta with a 1-element array. */
  private async singleton(menu: string): Promise<RouterOsRecord> {
    const reply = await this.request<RouterOsRecord | RouterOsRecord[]>('GET', rest(menu));
    return Array.isArray(reply) ? (reply[0] ?? {}) : reply;
  }

  private request<T>(method: string, path: string, body?: Body, idempotent = method !== 'POST'): Promise<T> {
    return this.transport.withRetries((attempt) => this.transport.attempt<T>(method, path, body, attempt), { idempotent });
  }
}

function rest(menu: string): string {
  return `/rest${menu.startsWith('/') ? menu : `/${menu}`}`;
}
