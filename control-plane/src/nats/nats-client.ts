import { readFile } from 'node:fs/promises';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { natsTlsOptions } from '@wom/contracts';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { fastJwtAuthenticator } from './nats-auth';
import { NatsTrust } from './nats-identity';

/** Work to (re)do whenever the connection comes up: streams, subscriptions, the account JWT. */
export type ConnectedHook = (connection: NatsConnection) => Promise<void>;

/** How long start-up waits for NATS before it carries on and keeps trying in the background. */
const BOOT_WAIT_MS = 10_000;

/**
 * Connection settings of every control-plane connection. A short connect timeout matters after
 * an outage: a reconnect attempt to a server whose packets vanish (a partition, not a refusal)
 * would otherwise hold the connection for the client's default 20 s after the server is back.
 * Pings find a silently dead connection within ~45 s instead of minutes. Over TLS the client
 * adds up to 1 s of jitter to each reconnect by default, to spread many clients' handshakes;
 * the control plane's three connections need no spreading, and it would delay its return.
 */
const CONNECTION_OPTIONS = { maxReconnectAttempts: -1, reconnectTimeWait: 500, timeout: 3_000, pingInterval: 15_000, maxPingOut: 3, reconnectJitterTLS: 100 } as const;

/**
 * The control plane's connection to NATS, as a user of the product account with every
 * permission. With no NATS URL (embedded mode not started, e.g. under tests) it stays off
 * and everything that needs it reports NATS as unavailable.
 */
@Injectable()
export class NatsClient implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Nats');
  private connection: NatsConnection | null = null;
  private responderConnection: NatsConnection | null = null;
  private systemConnection: Promise<NatsConnection> | null = null;
  private readonly hooks: { name: string; hook: ConnectedHook }[] = [];
  private ready: Promise<void> | null = null;
  private closing = false;
  private caPem: string | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(NatsTrust) readonly trust: NatsTrust,
  ) {}

  get enabled(): boolean {
    return this.config.nats.url !== null;
  }

  get servers(): string[] {
    return this.config.nats.url?.split(',') ?? [];
  }

  /** What agents are told to connect to. */
  get agentUrls(): string[] {
    return this.config.nats.agentUrls.length > 0 ? [...this.config.nats.agentUrls] : this.servers;
  }

  /**
   * The CA (PEM) NATS's certificate chains to, which enrolling agents pin: the embedded
   * server's own, or NATS_CA_FILE. Null: agents check it against their system's CA store.
   */
  get agentCaPem(): string | null {
    return this.caPem;
  }

  /** The live connection, or null while NATS is off or not yet reached. */
  get current(): NatsConnection | null {
    return this.connection && !this.connection.isClosed() ? this.connection : null;
  }

  /**
   * The connection that answers agents' requests (desired state, job reports): it may publish
   * into inboxes only, so no request can make the control plane publish on a product subject.
   * Null until the first connection is up.
   */
  get responder(): NatsConnection | null {
    return this.responderConnection && !this.responderConnection.isClosed() ? this.responderConnection : null;
  }

  /** Registers work for every (re)connect; runs at once when already connected. */
  onConnected(name: string, hook: ConnectedHook): void {
    this.hooks.push({ name, hook });
    if (this.current) void this.runHook(name, hook, this.current);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.enabled) {
      this.logger.warn('NATS is off (no NATS_URL and no embedded server): agents get no desired state.');
      return;
    }
    // Read once, before any connection: a CA file that cannot be read is a configuration error.
    if (this.config.nats.caFile) {
      this.caPem = await readFile(this.config.nats.caFile, 'utf8').catch((error: Error) => {
        throw new Error(`NATS_CA_FILE ${this.config.nats.caFile} cannot be read: ${error.message}`);
      });
    }
    this.ready = this.start();
    let timer: NodeJS.Timeout | undefined;
    const waited = await Promise.race([
      this.ready.then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), BOOT_WAIT_MS))),
    ]);
    clearTimeout(timer);
    if (!waited) this.logger.warn(`NATS at ${this.servers.join(', ')} is not reachable yet; still trying.`);
  }

  /** What every connection shares: servers, TLS that trusts only the CA when there is one, timeouts. */
  private get connectionOptions() {
    return { servers: this.servers, tls: natsTlsOptions(this.servers, this.caPem), ...CONNECTION_OPTIONS };
  }

  private async start(): Promise<void> {
    const credentials = this.trust.controlPlaneUser();
    const responder = this.trust.responderUser();
    const [connection, responderConnection] = await Promise.all([
      connect({ ...this.connectionOptions, name: 'wom-control-plane', authenticator: fastJwtAuthenticator(credentials.jwt, credentials.seed), waitOnFirstConnect: true }),
      connect({ ...this.connectionOptions, name: 'wom-control-plane-responder', authenticator: fastJwtAuthenticator(responder.jwt, responder.seed), waitOnFirstConnect: true }),
    ]);
    if (this.closing) {
      await Promise.all([connection.close(), responderConnection.close()]);
      return;
    }
    this.connection = connection;
    this.responderConnection = responderConnection;
    this.logger.log(`connected to NATS at ${connection.getServer()}`);
    await this.runHooks(connection);
    void this.watch(connection);
  }

  private async watch(connection: NatsConnection): Promise<void> {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect') this.logger.warn('NATS connection lost; reconnecting.');
      if (status.type === 'reconnect') {
        this.logger.log('NATS connection restored.');
        await this.runHooks(connection);
      }
    }
  }

  /**
   * Side by side: answering agents must not wait behind slower work such as JetStream setup or
   * an account update, which can take seconds right after a server comes back.
   */
  private async runHooks(connection: NatsConnection): Promise<void> {
    await Promise.all(this.hooks.map(({ name, hook }) => this.runHook(name, hook, connection)));
  }

  private async runHook(name: string, hook: ConnectedHook, connection: NatsConnection): Promise<void> {
    try {
      await hook(connection);
    } catch (error) {
      this.logger.error(`${name} failed after connecting to NATS: ${(error as Error).message}`);
    }
  }

  /** Resolves once the first connection and its hooks are done (immediately when NATS is off). */
  async whenReady(): Promise<void> {
    await this.ready;
  }

  /** A connection in the system account, opened on first use, for account JWT updates. */
  system(): Promise<NatsConnection> {
    if (!this.systemConnection) {
      const credentials = this.trust.systemUser();
      this.systemConnection = connect({ ...this.connectionOptions, name: 'wom-control-plane-system', authenticator: fastJwtAuthenticator(credentials.jwt, credentials.seed) });
      this.systemConnection.catch(() => (this.systemConnection = null));
    }
    return this.systemConnection;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    const system = await this.systemConnection?.catch(() => null);
    await system?.close().catch(() => undefined);
    await this.responderConnection?.drain().catch(() => this.responderConnection?.close());
    await this.connection?.drain().catch(() => this.connection?.close());
  }
}
