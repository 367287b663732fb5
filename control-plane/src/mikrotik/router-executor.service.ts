import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import { Database } from '../database/database';
import { PeerEntity } from '../database/entities';
import { AgentEntity } from '../database/entities/agent.entity';
import type { MikrotikExecutorResponse } from './mikrotik.dto';
import { requireMikrotik } from './router-session';

/**
 * Assigns a MikroTik router to the site agent that runs its jobs: for routers reachable from
 * that site but not from the control plane. Jobs already running finish where they started.
 */
@Injectable()
export class RouterExecutorService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  assign(peerId: string, agentId: string | null): Promise<MikrotikExecutorResponse> {
    return this.database.transaction(async (tx) => {
      const peer = await requireMikrotik(tx.findOne(PeerEntity, { where: { id: peerId }, lock: { mode: 'pessimistic_write' } }), peerId);
      if (agentId !== null) {
        const agent = await tx.findOneBy(AgentEntity, { id: agentId });
        const agentPeer = agent ? await tx.findOneBy(PeerEntity, { id: agent.peerId }) : null;
        if (!agent || !agentPeer) {
          const reason = `No site agent has the id ${agentId}. List agents with GET /api/agents.`;
          throw new AppError('VALIDATION.FAILED', reason, { fields: [{ field: 'agentId', reason }] });
        }
        if (agent.status !== 'active') {
          const reason = `Agent ${agentId} is ${agent.status}; only an active agent can run a router's jobs.`;
          throw new AppError('AGENT.INVALID_STATE', reason, { fields: [{ field: 'agentId', reason }] });
        }
        if (agentPeer.wanId !== peer.wanId) {
          const reason = `Agent ${agentId} belongs to another WAN than router "${peer.name}"; pick an agent of the router's WAN.`;
          throw new AppError('VALIDATION.FAILED', reason, { fields: [{ field: 'agentId', reason }] });
        }
      }
      await tx.update(PeerEntity, { id: peer.id }, { mikrotikExecutorAgentId: agentId });
      const after = { peerId: peer.id, agentId };
      await this.audit.record(tx, { action: 'router.assign-executor', entityType: 'peer', entityId: peer.id, wanId: peer.wanId, before: { peerId: peer.id, agentId: peer.mikrotikExecutorAgentId }, after });
      return after;
    });
  }
}
