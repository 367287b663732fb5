import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { NatsConnection } from '@nats-io/transport-node';
import { connect, jwtAuthenticator } from '@nats-io/transport-node';
import type { AgentSubjectSet, DesiredStateDelta, DesiredStateSnapshot } from '@wom/contracts';
import { agentSubjects, DesiredStateNoticeSchema, DesiredStateRequestSchema, DesiredStateSnapshotSchema, natsTlsOptions } from '@wom/contracts';
import type { AgentIdentity } from '../state/agent-state.store';

/** Told of every change of the NATS connection, for `wom-agent status`. */
export type ConnectionListener = (change: { readonly state: 'connected' | 'disconnected'; readonly server: string; readonly error: string | null }) => void;

/** How the daemon talks to the control plane; NATS in production. */
export interface AgentTransport {
  /** Pulls the full desired-state snapshot, waiting at most `timeoutMs` for the answer. */
  requestDesired(appliedRevision: number, timeoutMs: number): Promise<DesiredStateSnapshot>;
  /**
   * Calls back with each notified revision and the notice's delta, if it has one, and after
   * every reconnect (with 0: pull anyway).
   */
  onChange(listener: (revision: number, delta?: DesiredStateDelta) => void): void;
  publish<Desc extends DescMessage>(subject: keyof Pick<AgentSubjectSet, 'reportApply' | 'reportStatus' | 'reportDrift'>, schema: Desc, message: MessageShape<Desc>): void;
  close(): Promise<void>;
}

/**
 * The agent's NATS connection: its own user JWT signed by the control plane and its own
 * nkey seed, the inbox prefix its permissions allow, and endless reconnects, so an outage
 * of NATS or the control plane only delays updates. Publishes made while disconnected are
 * buffered by the client and sent on reconnect. With the CA pinned at enrollment it speaks
 * TLS only, and only to a server whose certificate that CA issued.
 */
export class NatsAgentTransport implements AgentTransport {
  private readonly subjects: AgentSubjectSet;
  private readonly listeners: ((revision: number, delta?: DesiredStateDelta) => void)[] = [];

  private constructor(
    private readonly connection: NatsConnection,
    private readonly identity: AgentIdentity,
    private readonly log: (line: string) => void,
    private readonly onConnection: ConnectionListener,
  ) {
    this.subjects = agentSubjects(identity.agentId);
    connection.subscribe(this.subjects.notify, {
      callback: (error, message) => {
        if (error !== null) return;
        try {
          const notice = fromBinary(DesiredStateNoticeSchema, message.data);
          // Only the control plane's notices to this agent count: a message that is not one
          // (a server status, another agent's notice) must not make this agent act.
          if (notice.agentId !== identity.agentId || notice.revision <= 0n) return;
          this.emit(Number(notice.revision), notice.delta);
        } catch {
          // A malformed notice carries no state; the next pull or notice converges anyway.
        }
      },
    });
    void this.watchReconnects();
  }

  static async connect(
    identity: AgentIdentity,
    credentials: { seed: string; jwt: string; ca: string | null },
    log: (line: string) => void,
    servers?: readonly string[],
    onConnection: ConnectionListener = () => undefined,
  ): Promise<NatsAgentTransport> {
    const urls = [...(servers ?? identity.natsUrls)];
    const connection = await connect({
      servers: urls,
      tls: natsTlsOptions(urls, credentials.ca),
      authenticator: jwtAuthenticator(credentials.jwt, new TextEncoder().encode(credentials.seed)),
      inboxPrefix: identity.inboxPrefix,
      name: `wom-agent ${identity.agentId}`,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 1_000,
      // A reconnect attempt towards a server whose packets vanish (a partition, a rebooting
      // router) holds for the connect timeout: the client's 20 s default would delay the
      // return after an outage by as much. Pings find a silently dead connection in ~45 s.
      timeout: 3_000,
      // Over TLS the client's default reconnect jitter is up to 1 s; a quarter of that still
      // spreads many agents' handshakes after an outage without delaying each one's return.
      reconnectJitterTLS: 250,
      pingInterval: 15_000,
      maxPingOut: 3,
      waitOnFirstConnect: true,
    });
    onConnection({ state: 'connected', server: connection.getServer(), error: null });
    return new NatsAgentTransport(connection, identity, log, onConnection);
  }

  /** The live connection, for the router job worker, which speaks its own subjects. */
  get natsConnection(): NatsConnection {
    return this.connection;
  }

  async requestDesired(appliedRevision: number, timeoutMs: number): Promise<DesiredStateSnapshot> {
    const request = create(DesiredStateRequestSchema, { agentId: this.identity.agentId, appliedRevision: BigInt(appliedRevision) });
    const reply = await this.connection.request(this.subjects.desired, toBinary(DesiredStateRequestSchema, request), { timeout: timeoutMs });
    return fromBinary(DesiredStateSnapshotSchema, reply.data);
  }

  onChange(listener: (revision: number, delta?: DesiredStateDelta) => void): void {
    this.listeners.push(listener);
  }

  publish<Desc extends DescMessage>(subject: 'reportApply' | 'reportStatus' | 'reportDrift', schema: Desc, message: MessageShape<Desc>): void {
    this.connection.publish(this.subjects[subject], toBinary(schema, message));
  }

  async close(): Promise<void> {
    await this.connection.drain().catch(() => this.connection.close());
  }

  private emit(revision: number, delta?: DesiredStateDelta): void {
    for (const listener of this.listeners) listener(revision, delta);
  }

  private async watchReconnects(): Promise<void> {
    for await (const status of this.connection.status()) {
      if (status.type === 'disconnect') {
        this.log('disconnected from NATS; keeping the applied state');
        this.onConnection({ state: 'disconnected', server: this.connection.getServer(), error: null });
      }
      if (status.type === 'reconnect') {
        this.log('reconnected to NATS; pulling the desired state');
        this.onConnection({ state: 'connected', server: this.connection.getServer(), error: null });
        this.emit(0);
      }
      if (status.type === 'error') this.onConnection({ state: 'disconnected', server: this.connection.getServer(), error: String(status.error) });
    }
  }
}
