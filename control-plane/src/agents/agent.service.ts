import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import type { Page } from '../common/http/pagination.dto';
import { Database } from '../database/database';
import { PeerEntity } from '../database/entities';
import { AgentEntity } from '../database/entities/agent.entity';
import { EventBus } from '../events/event-bus';
import { DesiredStatePublisher } from '../publisher/desired-state.publisher';
import { AccountPublisher } from './account-publisher';
import { toAgentResponse, type AgentResponse } from './agents.dto';

export interface RevokeAgentResponse extends AgentResponse {
  /** False when NATS could not be told now; the revocation is pushed on the next connect. */
  readonly natsUpdated: boolean;
}

/** Enrolled agents: list, approve a pending one, revoke. */
@Injectable()
export class AgentService {
  private readonly logger = new Logger('Agents');

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(AccountPublisher) private readonly account: AccountPublisher,
    @Inject(DesiredStatePublisher) private readonly publisher: DesiredStatePublisher,
    @Inject(EventBus) private readonly events: EventBus,
  ) {}

  async list(wanId: string | undefined, limit: number, offset: number): Promise<Page<AgentResponse>> {
    const query = this.database.manager
      .createQueryBuilder(AgentEntity, 'agent')
      .leftJoinAndMapOne('agent.peer', PeerEntity, 'peer', 'peer.id = agent.peerId')
      .orderBy('agent.createdAt', 'DESC')
      .addOrderBy('agent.id', 'ASC')
      .take(limit)
      .skip(offset);
    if (wanId) query.where('peer.wanId = :wanId', { wanId });
    const [agents, total] = await query.getManyAndCount();
    return { items: agents.map((agent) => toAgentResponse(agent, agent.peer ?? null)), total, limit, offset };
  }

  async get(id: string): Promise<AgentResponse> {
    const agent = await this.require(id);
    return toAgentResponse(agent, agent.peer ?? null);
  }

  /** A pending agent becomes active and is told to fetch its desired state. */
  async approve(id: string): Promise<AgentResponse> {
    const agent = await this.database.transaction(async (tx) => {
      const found = await tx.findOne(AgentEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!found) throw agentNotFound(id);
      if (found.status !== 'pending' && found.status !== 'active') throw new AppError('AGENT.INVALID_STATE', `Agent ${id} is ${found.status}; only a pending agent can be approved.`);
      // Approving an active agent changes nothing, and is still recorded as asked.
      const before = { status: found.status };
      found.status = 'active';
      if (before.status !== 'active') await tx.save(found);
      await this.audit.record(tx, { action: 'agent.approve', entityType: 'agent', entityId: id, before, after: { status: found.status, peerId: found.peerId } });
      return found;
    });
    await this.publisher.notifyAgent(agent.id).catch((error: Error) => this.logger.warn(`notifying agent ${id} failed: ${error.message}`));
    return this.get(agent.id);
  }

  /**
   * Revokes at once: the agent's key joins the account's revocation list, which is pushed to
   * NATS before this returns, so a connected agent is cut off. Idempotent.
   */
  async revoke(id: string, now = new Date()): Promise<RevokeAgentResponse> {
    const { agent, peer } = await this.database.transaction(async (tx) => {
      const found = await tx.findOne(AgentEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!found) throw agentNotFound(id);
      const owned = await tx.findOneBy(PeerEntity, { id: found.peerId });
      const before = { status: found.status, revokedAt: found.revokedAt?.toISOString() ?? null };
      if (found.status !== 'revoked') {
        found.status = 'revoked';
        found.revokedAt = now;
        await tx.save(found);
        if (owned) await tx.update(PeerEntity, { id: owned.id }, { isOnline: false });
      }
      // A repeated revoke changes nothing, and is still recorded as asked.
      const after = { status: found.status, revokedAt: found.revokedAt?.toISOString() ?? null, peerId: found.peerId };
      await this.audit.record(tx, { action: 'agent.revoke', entityType: 'agent', entityId: id, wanId: owned?.wanId ?? null, before, after });
      return { agent: found, peer: owned };
    });
    // Retried in the background until NATS confirms, so the revocation reaches it when it is back.
    const natsUpdated = await this.account.pushUntilConfirmed();
    if (!natsUpdated) this.logger.warn(`agent ${id} is revoked; NATS gets the revocation as soon as it answers.`);
    if (peer) this.events.publish('peer.status', { peerId: peer.id, wanId: peer.wanId, isOnline: false, lastSeen: peer.lastSeen?.toISOString() ?? null });
    return { ...toAgentResponse(agent, peer ? { ...peer, isOnline: false } : null), natsUpdated };
  }

  private async require(id: string): Promise<AgentEntity & { peer?: PeerEntity }> {
    const agent = await this.database.manager
      .createQueryBuilder(AgentEntity, 'agent')
      .leftJoinAndMapOne('agent.peer', PeerEntity, 'peer', 'peer.id = agent.peerId')
      .where('agent.id = :id', { id })
      .getOne();
    if (!agent) throw agentNotFound(id);
    return agent;
  }
}

const agentNotFound = (id: string) => new AppError('AGENT.NOT_FOUND', `No agent has the id ${id}. List agents with GET /api/agents.`);
