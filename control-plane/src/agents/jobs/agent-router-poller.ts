import * as nodeCrypto from 'node:crypto';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { create, toBinary } from '@bufbuild/protobuf';
import { agentSubjects, PolledRouterSchema, RouterPollSchema, routerConnectionJson, sealSecret, type PolledRouter } from '@wom/contracts';
import { In, IsNull, Not } from 'typeorm';
import { AppError } from '../../common/errors/app-error';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Database } from '../../database/database';
import { PeerEntity } from '../../database/entities';
import { AgentEntity } from '../../database/entities/agent.entity';
import { DEFAULT_ROUTER_INTERFACE } from '../../peers/mikrotik-settings.dto';
import { RouterClientFactory } from '../../mikrotik/router-client.factory';
import { roundTiming } from '../../monitoring/monitor-schedule';
import { NatsClient } from '../../nats/nats-client';

/**
 * Asks each site agent, on MONITOR_INTERVAL_SECONDS, to read the health of the routers
 * assigned to it (`router.poll`); the agent answers on its report stream, one report per
 * router. The control plane's own monitor skips these routers: only their agent reaches them.
 * Each poll has its own id, which is also the sealing context of the passwords in it, so a
 * poll's sealed passwords open for that poll and that agent only.
 */
@Injectable()
export class AgentRouterPoller implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AgentRouterPoller');
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<unknown> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Database) private readonly database: Database,
    @Inject(NatsClient) private readonly nats: NatsClient,
    @Inject(RouterClientFactory) private readonly clients: RouterClientFactory,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.monitoring.intervalSeconds;
    if (seconds === 0 || !this.nats.enabled) return;
    this.timer = setInterval(() => {
      if (!this.round) this.round = this.pollAll().finally(() => (this.round = null));
    }, seconds * 1000);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.round;
  }

  /** One poll to every active agent that fronts routers, or to the one named. Never throws. */
  async pollAll(onlyAgentId?: string): Promise<number> {
    try {
      const routers = await this.database.manager.find(PeerEntity, {
        where: { type: 'mikrotik', mikrotikManagementIp: Not(IsNull()), mikrotikExecutorAgentId: onlyAgentId ?? Not(IsNull()) },
      });
      const byAgent = new Map<string, PeerEntity[]>();
      for (const router of routers) byAgent.set(router.mikrotikExecutorAgentId!, [...(byAgent.get(router.mikrotikExecutorAgentId!) ?? []), router]);
      if (byAgent.size === 0) return 0;
      const agents = await this.database.manager.find(AgentEntity, { where: { id: In([...byAgent.keys()]), status: 'active' } });
      let sent = 0;
      for (const agent of agents) if (this.pollAgent(agent, byAgent.get(agent.id)!)) sent++;
      return sent;
    } catch (error) {
      this.logger.warn(`polling routers through their agents failed: ${(error as Error).message}`);
      return 0;
    }
  }

  private pollAgent(agent: AgentEntity, routers: readonly PeerEntity[]): boolean {
    const connection = this.nats.current;
    // Without its own key the agent gets no router password at all (see AgentJobExecutor).
    if (!connection || !agent.sealingPublicKey) return false;
    const pollId = nodeCrypto.randomUUID();
    const polled: PolledRouter[] = [];
    for (const router of routers) {
      try {
        // The control plane's own per-request timeout, so a silent router is unreachable within two intervals here too.
        const settings = this.clients.connectionSettings(router, { timeoutMs: roundTiming(this.config.monitoring.intervalSeconds).requestTimeoutMs, maxAttempts: 1 });
        polled.push(create(PolledRouterSchema, {
          peerId: router.id,
          connectionJson: routerConnectionJson(settings),
          sealedPassword: sealSecret(nodeCrypto, agent.sealingPublicKey, { agentId: agent.id, runId: pollId }, settings.password),
          interfaceName: router.mikrotikInterfaceName ?? DEFAULT_ROUTER_INTERFACE,
        }));
      } catch (error) {
        // A router not fully configured yet is simply not polled; its settings page says what is missing.
        if (!(error instanceof AppError)) this.logger.warn(`router ${router.id} left out of a poll: ${(error as Error).message}`);
      }
    }
    if (polled.length === 0) return false;
    const poll = create(RouterPollSchema, { agentId: agent.id, pollId, routers: polled, sentAtMs: BigInt(Date.now()) });
    connection.publish(agentSubjects(agent.id).routerPoll, toBinary(RouterPollSchema, poll));
    return true;
  }
}
