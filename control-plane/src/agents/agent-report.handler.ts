import { Inject, Injectable, Logger } from '@nestjs/common';
import { DriftArea, DriftKind, type ApplyReport, type DriftReport, type JobReport, type PeerStatus, type RouterHealthReport, type StatusReport } from '@wom/contracts';
import { isUUID } from 'class-validator';
import { In, type EntityManager } from 'typeorm';
import { Database } from '../database/database';
import { DeploymentJobEntity, PeerConnectionEntity, PeerEntity } from '../database/entities';
import { AgentEntity } from '../database/entities/agent.entity';
import { EventBus } from '../events/event-bus';
import { peerTraffic } from '../events/peer-traffic';
import { AgentRouterPoller } from './jobs/agent-router-poller';
import { RouterRecoveryService } from './jobs/router-recovery.service';
import { RouterHealthReports } from './router-health-reports';

export type DecodedReport =
  | { readonly kind: 'status'; readonly report: StatusReport }
  | { readonly kind: 'apply'; readonly report: ApplyReport }
  | { readonly kind: 'drift'; readonly report: DriftReport }
  | { readonly kind: 'job'; readonly report: JobReport }
  | { readonly kind: 'router'; readonly report: RouterHealthReport };

const MAX_ERROR_LENGTH = 2_000;
const MAX_DRIFT_ITEMS = 500;

/** Where a job that runs on an agent records its owner, so only that agent may report on it. */
export const agentJobOwner = (agentId: string): string => `agent:${agentId}`;

/**
 * Stores what agents report. The subject an agent published on names it, and NATS only lets
 * an agent publish on its own subjects, so the agent id is authenticated; ids inside the
 * payload are ignored. Reports of unknown or revoked agents are dropped.
 */
@Injectable()
export class AgentReportHandler {
  private readonly logger = new Logger('AgentReports');

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(EventBus) private readonly events: EventBus,
    @Inject(RouterRecoveryService) private readonly recovery: RouterRecoveryService,
    @Inject(RouterHealthReports) private readonly routers: RouterHealthReports,
    @Inject(AgentRouterPoller) private readonly routerPoller: AgentRouterPoller,
  ) {}

  handle(agentId: string, decoded: DecodedReport, at: Date): Promise<void> {
    switch (decoded.kind) {
      case 'status':
        return this.status(agentId, decoded.report, at);
      case 'apply':
        return this.apply(agentId, decoded.report, at);
      case 'drift':
        return this.drift(agentId, decoded.report, at);
      case 'job':
        return this.job(agentId, decoded.report, at);
      case 'router':
        return this.routers.handle(agentId, decoded.report, at);
    }
  }

  /** Liveness, versions, the applied revision and each tunnel's handshake and counters. */
  async status(agentId: string, report: StatusReport, at: Date): Promise<void> {
    const result = await this.database.transaction(async (tx) => {
      const found = await this.liveAgent(tx, agentId);
      if (!found) return null;
      const { agent, peer } = found;
      // A replayed older report must not move "last seen" backwards.
      const newer = !agent.lastSeenAt || at >= agent.lastSeenAt;
      if (!newer) return null;
      // Reports travel apart: a status written before an apply may be handled after its apply
      // report, and must not take the applied revision back (a removal waits on it).
      const applied = later(report.appliedRevision.toString(), peer.appliedRevision);
      await tx.update(AgentEntity, { id: agent.id }, {
        lastSeenAt: at,
        version: report.agentVersion.slice(0, 32) || agent.version,
        hostname: report.hostname.slice(0, 255) || agent.hostname,
        appliedRevision: later(report.appliedRevision.toString(), agent.appliedRevision),
        interfaceName: report.interfaceName.slice(0, 15) || agent.interfaceName,
        lastError: report.lastError ? report.lastError.slice(0, MAX_ERROR_LENGTH) : null,
      });
      await tx.update(PeerEntity, { id: peer.id }, { isOnline: agent.status === 'active', lastSeen: at, appliedRevision: applied });
      await this.storeConnectionStats(tx, peer, report.peers, at);
      return { peer, cameOnline: !peer.isOnline && agent.status === 'active', active: agent.status === 'active' };
    });
    // Every report of an active agent, so consoles show its handshake and traffic live.
    if (result?.active) this.events.publish('peer.status', { peerId: result.peer.id, wanId: result.peer.wanId, isOnline: true, lastSeen: at.toISOString(), ...peerTraffic(report.peers) });
    if (result?.cameOnline) {
      // Back after being away: restore any router it left partly configured (a no-op otherwise).
      void this.recovery.queueFor(agentId).catch((error: Error) => this.logger.warn(`queueing restores for agent ${agentId} failed: ${error.message}`));
      // Its routers show "agent offline" until it reads them again: have it read them now.
      void this.routerPoller.pollAll(agentId);
    }
  }

  /** The outcome of applying one revision; a failure names its step. */
  async apply(agentId: string, report: ApplyReport, at: Date): Promise<void> {
    const peer = await this.database.transaction(async (tx) => {
      const found = await this.liveAgent(tx, agentId);
      if (!found) return null;
      const { agent, peer } = found;
      const error = report.ok ? null : `${report.failedStep || 'apply'}: ${report.error || 'failed'}`.slice(0, MAX_ERROR_LENGTH);
      const revision = report.revision.toString();
      await tx.update(AgentEntity, { id: agent.id }, { lastApplyAt: at, lastError: error, ...(report.ok ? { appliedRevision: revision } : {}) });
      if (report.ok) await tx.update(PeerEntity, { id: peer.id }, { appliedRevision: revision });
      return peer;
    });
    if (peer) this.events.publish('config.changed', { wanId: peer.wanId, peerIds: [peer.id], reason: report.ok ? 'agent.applied' : 'agent.apply-failed' });
  }

  /** What differs between the box and its applied revision; an empty report clears it. */
  async drift(agentId: string, report: DriftReport, at: Date): Promise<void> {
    const peer = await this.database.transaction(async (tx) => {
      const found = await this.liveAgent(tx, agentId);
      if (!found) return null;
      const items = report.items.slice(0, MAX_DRIFT_ITEMS).map((item) => ({
        kind: (DriftKind[item.kind] ?? 'UNSPECIFIED').toLowerCase(),
        area: (DriftArea[item.area] ?? 'UNSPECIFIED').toLowerCase().replaceAll('_', '-'),
        key: item.key.slice(0, 200),
        expected: item.expected.slice(0, 500),
        actual: item.actual.slice(0, 500),
      }));
      await tx.update(AgentEntity, { id: found.agent.id }, {
        driftReport: items.length > 0 ? { revision: report.revision.toString(), reconciled: report.reconciled, items, truncated: report.items.length > items.length } : null,
        driftDetectedAt: items.length > 0 ? at : null,
      });
      return found.peer;
    });
    if (peer) this.events.publish('config.changed', { wanId: peer.wanId, peerIds: [peer.id], reason: 'agent.drift' });
  }

  /** Progress and results of a job this agent runs for a router behind it. */
  async job(agentId: string, report: JobReport, at: Date): Promise<void> {
    if (!isUUID(report.jobId)) return;
    const job = await this.database.manager.findOneBy(DeploymentJobEntity, { id: report.jobId, lockedBy: agentJobOwner(agentId) });
    if (!job || job.status === 'completed' || job.status === 'failed' || job.status === 'cancelled') return;
    const update: Pick<Partial<DeploymentJobEntity>, 'status' | 'progressPercent' | 'startedAt' | 'completedAt' | 'errorMessage' | 'result' | 'operationsLog'> = {};
    if (report.report.case === 'progress') {
      update.status = 'running';
      update.progressPercent = Math.min(100, report.report.value.percent);
      update.startedAt = job.startedAt ?? at;
      update.operationsLog = [...job.operationsLog, { at: at.toISOString(), step: report.report.value.step.slice(0, 100), message: report.report.value.message.slice(0, 500) }];
    } else if (report.report.case === 'result') {
      const result = report.report.value;
      update.status = result.ok ? 'completed' : 'failed';
      update.progressPercent = 100;
      update.completedAt = at;
      update.errorMessage = result.ok ? null : result.error.slice(0, MAX_ERROR_LENGTH) || 'failed on the agent';
      update.result = parseJsonObject(result.resultJson);
    } else {
      return;
    }
    await this.database.manager.update(DeploymentJobEntity, { id: job.id }, update as never);
    this.events.publish('job.progress', { jobId: job.id, peerId: job.peerId, wanId: job.wanId, status: update.status!, progressPercent: update.progressPercent! });
  }

  /** Marks agents' peers offline when their agent has not reported since `before`, and the routers they front unknown. */
  async markSilentAgentsOffline(before: Date): Promise<void> {
    await this.routers.markAgentsRoutersUnknown(before);
    const rows = (await this.database.manager.query(
      `UPDATE peer SET is_online = false
         FROM agent
        WHERE agent.peer_id = peer.id AND agent.revoked_at IS NULL AND peer.is_online
          AND (agent.last_seen_at IS NULL OR agent.last_seen_at < $1)
        RETURNING peer.id, peer.wan_id, peer.last_seen`,
      [before],
    )) as [{ id: string; wan_id: string; last_seen: Date | null }[], number];
    for (const row of rows[0]) this.events.publish('peer.status', { peerId: row.id, wanId: row.wan_id, isOnline: false, lastSeen: row.last_seen?.toISOString() ?? null });
  }

  private async liveAgent(tx: EntityManager, agentId: string): Promise<{ agent: AgentEntity; peer: PeerEntity } | null> {
    if (!isUUID(agentId)) return null;
    const agent = await tx.findOne(AgentEntity, { where: { id: agentId }, lock: { mode: 'pessimistic_write' } });
    if (!agent || agent.status === 'revoked') return null;
    const peer = await tx.findOneBy(PeerEntity, { id: agent.peerId });
    return peer ? { agent, peer } : null;
  }

  /** Counters go onto existing connection rows only, from peer A's side, as the router monitor does. */
  private async storeConnectionStats(tx: EntityManager, peer: PeerEntity, stats: readonly PeerStatus[], at: Date): Promise<void> {
    if (stats.length === 0) return;
    const remotes = await tx.find(PeerEntity, { where: { wanId: peer.wanId, publicKey: In(stats.map((s) => s.publicKey)) }, select: { id: true, publicKey: true } });
    const remoteByKey = new Map(remotes.map((r) => [r.publicKey, r.id]));
    const connections = await tx.find(PeerConnectionEntity, {
      where: [
        { peerAId: peer.id, peerBId: In(remotes.map((r) => r.id)) },
        { peerBId: peer.id, peerAId: In(remotes.map((r) => r.id)) },
      ],
    });
    for (const stat of stats) {
      const remoteId = remoteByKey.get(stat.publicKey);
      const connection = connections.find((c) => (c.peerAId === peer.id && c.peerBId === remoteId) || (c.peerBId === peer.id && c.peerAId === remoteId));
      if (!remoteId || !connection) continue;
      const reporterIsA = connection.peerAId === peer.id;
      await tx.update(PeerConnectionEntity, { id: connection.id }, {
        lastHandshake: stat.latestHandshakeMs > 0n ? new Date(Number(stat.latestHandshakeMs)) : null,
        txBytes: (reporterIsA ? stat.txBytes : stat.rxBytes).toString(),
        rxBytes: (reporterIsA ? stat.rxBytes : stat.txBytes).toString(),
        statsUpdatedAt: at,
      });
    }
  }
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  if (!text) return null;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { unparsed: text.slice(0, 2_000) };
  }
}

/** The later of two revisions (bigint strings; a missing one counts as 0). */
function later(a: string, b: string | null | undefined): string {
  return BigInt(a) >= BigInt(b ?? '0') ? a : (b as string);
}
