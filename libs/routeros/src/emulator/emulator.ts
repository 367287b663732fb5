import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Row, RouterOptions } from './emulator.model';
import { FaultInjector, isWriteRequest, type FaultSpec } from './faults';
import { createRouterServer, type CallRecord, type ServerContext, type TlsIdentity } from './http-server';
import { RouterState } from './router-state';

export interface AddRouterOptions extends RouterOptions {
  /** Listening port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Listening address; default 127.0.0.1. */
  readonly host?: string;
  /** Serve HTTPS with this key and certificate (like `www-ssl`); plain HTTP without. */
  readonly tls?: TlsIdentity;
}

/**
 * One emulated router: its own HTTP listener (the router is addressed by its port, so a
 * client's base URL is exactly what it would be for a real router: `http://host:port/rest`),
 * its state, faults, latency and call log.
 */
export class EmulatedRouter {
  readonly state: RouterState;
  readonly calls: CallRecord[] = [];
  private readonly faults = new FaultInjector();
  private readonly context: ServerContext;
  private readonly server: Server;

  readonly protocol: 'http' | 'https';

  constructor(
    readonly name: string,
    options: RouterOptions & { readonly tls?: TlsIdentity },
  ) {
    this.state = new RouterState(name, options);
    this.context = { state: this.state, faults: this.faults, calls: this.calls, sessionLimitMs: 60_000 };
    this.server = createRouterServer(this.context, options.tls);
    this.protocol = options.tls ? 'https' : 'http';
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get host(): string {
    return (this.server.address() as AddressInfo).address;
  }

  /** `http://127.0.0.1:<port>` (or https); the REST API is below `/rest`. */
  get url(): string {
    return `${this.protocol}://${this.host}:${this.port}`;
  }

  /**
   * Example: `injectFault({ match: { method: 'PUT', pathPrefix: '/rest/interface' }, nth: 1, fault: 'timeout', applied: true })`
   * makes the next matching PUT create its row and then never answer.
   */
  injectFault(spec: FaultSpec): void {
    this.faults.inject(spec);
  }

  /** Delay added to every call. */
  setLatency(ms: number): void {
    this.faults.latencyMs = ms;
  }

  /** Shorter than 60 s in tests that prove the "Session closed" path. */
  setSessionLimit(ms: number): void {
    this.context.sessionLimitMs = ms;
  }

  clearFaults(): void {
    this.faults.clear();
  }

  /** Calls so far that could change the router (not GET, print or ping). */
  writeCalls(): CallRecord[] {
    return this.calls.filter((call) => isWriteRequest(call.method, call.path.split('?')[0] ?? ''));
  }

  snapshot(): Record<string, Row[]> {
    return this.state.snapshot();
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      // Hung "timeout" faults and keep-alive sockets would hold close() forever.
      this.server.closeAllConnections();
    });
  }
}

/** Many routers in one process, one port each. */
export class RouterOsEmulator {
  private readonly routers = new Map<string, EmulatedRouter>();

  async addRouter(name: string, options: AddRouterOptions = {}): Promise<EmulatedRouter> {
    if (this.routers.has(name)) throw new Error(`router ${name} already exists`);
    const router = new EmulatedRouter(name, options);
    await router.listen(options.port ?? 0, options.host ?? '127.0.0.1');
    this.routers.set(name, router);
    return router;
  }

  router(name: string): EmulatedRouter {
    const router = this.routers.get(name);
    if (!router) throw new Error(`no emulated router named ${name}`);
    return router;
  }

  list(): EmulatedRouter[] {
    return [...this.routers.values()];
  }

  async close(): Promise<void> {
    await Promise.all(this.list().map((router) => router.close()));
    this.routers.clear();
  }
}
