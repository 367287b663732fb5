import { Inject, Injectable, Logger } from '@nestjs/common';
import type { RouterHealthReport } from '@wom/contracts';
import { isUUID } from 'class-validator';
import { Database } from '../database/database';
import { PeerEntity } from '../database/entities';
import { AgentEntity } from '../database/entities/agent.entity';
import { EventBus } from '../events/event-bus';
import { RouterHealthRecorder } from '../monitoring/router-health.recorder';
import { parseRouterReading, type RouterReading } from './router-health-report';

/**
 * Stores the health site agents read from the routers assigned to them, through the same
 * recorder as the control plane's own monitor. A report counts only from the agent the router
 * is assigned to, and only if it is newer than what is stored: a replayed or reordered one
 * must not turn a router's status back.
 */
@Injectable()
export class RouterHealthReports {
  private readonly logger = new Logger('AgentReports');

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(RouterHealthRecorder) private readonly recorder: RouterHealthRecorder,
    @Inject(EventBus) private readonly events: EventBus,
  ) {}

  async handle(agentId: string, report: RouterHealthReport, at: Date): Promise<void> {
    if (!isUUID(report.peerId) || !isUUID(agentId)) return;
    const router = await this.database.manager.findOneBy(PeerEntity, { id: report.peerId, type: 'mikrotik' });
    if (!router || router.mikrotikExecutorAgentId !== agentId) {
      this.logger.warn(`refused a router health report of agent ${agentId} for ${report.peerId}: that router is not assigned to it`);
      return;
    }
    const agent = await this.database.manager.findOneBy(AgentEntity, { id: agentId });
    if (!agent || agent.status !== 'active') return;
    if (router.mikrotikLastApiCheck && at < router.mikrotikLastApiCheck) return;
    if (!report.ok) {
      await this.recorder.failure(router, report.errorCode === 'ROUTEROS.AUTH_FAILED' ? 'auth-failed' : 'unreachable', at);
      return;
    }
    let reading: RouterReading;
    try {
      reading = parseRouterReading(report.healthJson, report.peerStatsJson);
    } catch (error) {
      this.logger.warn(`refused an unreadable router health report of agent ${agentId} for ${router.id}: ${(error as Error).message}`);
      return;
    }
    await this.recorder.reading(router, reading.health, reading.stats, at);
  }

  /** Routers whose agent went silent: their state is unknown, not down. */
  async markAgentsRoutersUnknown(before: Date): Promise<void> {
    const rows = (await this.database.manager.query(
      `UPDATE peer SET mikrotik_api_status = 'agent-offline', is_online = false
         FROM agent
        WHERE peer.mikrotik_executor_agent_id = agent.id AND peer.type = 'mikrotik'
          AND peer.mikrotik_api_status IS DISTINCT FROM 'agent-offline'
          AND (agent.status <> 'active' OR agent.last_seen_at IS NULL OR agent.last_seen_at < $1)
        RETURNING peer.id, peer.wan_id, peer.last_seen`,
      [before],
    )) as [{ id: string; wan_id: string; last_seen: Date | null }[], number];
    for (const row of rows[0]) this.events.publish('peer.status', { peerId: row.id, wanId: row.wan_id, isOnline: false, lastSeen: row.last_seen?.toISOString() ?? null });
  }
}
