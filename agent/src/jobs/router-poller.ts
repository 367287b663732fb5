import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { agentSubjects, isValidAgentId, parseRouterConnection, RouterHealthReportSchema, RouterPollSchema, type PolledRouter, type RouterPoll, type SealingKeyPair } from '@wom/contracts';
import { openRouterPassword } from './sealed-password';

/** The RouterOS client is loaded with the first poll, as the job engine is. */
const loadEngine = () => import('./router-job.engine');

/** Routers read at once; a site agent fronts a handful, and a slow one must not hold the rest. */
const CONCURRENCY = 4;

export interface RouterPollerOptions {
  readonly log: (line: string) => void;
  readonly sealingKey?: SealingKeyPair | null;
}

/**
 * Reads the health of the routers the control plane assigned to this agent whenever it asks
 * (`router.poll`, on its monitoring interval), and reports each one on `report.router`. The
 * control plane never reaches these routers itself; what it shows for them comes from here.
 * A router still being read when the next poll comes is skipped for that poll.
 */
export class RouterPoller {
  private subscription: Subscription | null = null;
  private readonly reading = new Set<string>();

  constructor(
    private readonly connection: NatsConnection,
    private readonly agentId: string,
    private readonly options: RouterPollerOptions,
  ) {}

  start(): void {
    this.subscription = this.connection.subscribe(agentSubjects(this.agentId).routerPoll, {
      callback: (error, message) => {
        if (error === null) void this.poll(message.data);
      },
    });
  }

  stop(): void {
    this.subscription?.unsubscribe();
  }

  private async poll(data: Uint8Array): Promise<void> {
    let poll: RouterPoll;
    try {
      poll = fromBinary(RouterPollSchema, data);
    } catch {
      this.options.log('routers: dropped an unreadable poll');
      return;
    }
    if (!isValidAgentId(poll.pollId)) return;
    const routers = poll.routers.filter((router) => isValidAgentId(router.peerId) && !this.reading.has(router.peerId));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < routers.length) await this.read(poll, routers[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, routers.length) }, worker));
  }

  private async read(poll: RouterPoll, router: PolledRouter): Promise<void> {
    this.reading.add(router.peerId);
    const report = create(RouterHealthReportSchema, { agentId: this.agentId, peerId: router.peerId, pollId: poll.pollId });
    try {
      const password = openRouterPassword(this.agentId, this.options.sealingKey, { agentId: poll.agentId, contextId: poll.pollId, sealedPassword: router.sealedPassword }, 'poll');
      const connection = parseRouterConnection(router.connectionJson, password);
      const { readRouterNow } = await loadEngine();
      const { health, stats } = await readRouterNow(connection, router.interfaceName);
      Object.assign(report, { ok: true, healthJson: JSON.stringify(health), peerStatsJson: JSON.stringify(stats) });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      Object.assign(report, { ok: false, errorCode: typeof code === 'string' ? code : 'ROUTER.READ_FAILED', error: (error as Error).message.slice(0, 2_000) });
    } finally {
      this.reading.delete(router.peerId);
    }
    report.checkedAtMs = BigInt(Date.now());
    this.connection.publish(agentSubjects(this.agentId).reportRouter, toBinary(RouterHealthReportSchema, report));
  }
}
