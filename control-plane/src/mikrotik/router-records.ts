import { Inject, Injectable } from '@nestjs/common';
import type { ConnectionTestResult, DriftReport, RouterHealth } from '@wom/routeros';
import { In, IsNull, Not } from 'typeorm';
import { Database } from '../database/database';
import { DeploymentJobEntity, PeerEntity } from '../database/entities';
import { EventBus } from '../events/event-bus';
import { JobQueueRepository } from '../jobs/runner/job-queue.repository';
import type { RouterCallRecord } from '../jobs/runner/job-executor';
import { recordStateChange } from '../state-changes/state-change.repository';
import { WanRepository } from '../wan/wan.repository';

/** Jobs whose backups can be restored: they wrote to the router after taking one. */
const WRITING_JOBS = ['deploy-config', 'reconcile'] as const;

/** TypeORM's update type refuses nulls nested in a jsonb value; the column takes any JSON. */
const jsonb = (value: unknown): never => value as never;

/** What the control plane remembers about a router after talking to it. */
@Injectable()
export class RouterRecords {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(WanRepository) private readonly wans: WanRepository,
    @Inject(JobQueueRepository) private readonly queue: JobQueueRepository,
    @Inject(EventBus) private readonly events: EventBus,
  ) {}

  async saveConnectionTest(peer: PeerEntity, result: ConnectionTestResult, now = new Date()): Promise<void> {
    await this.database.manager.update(PeerEntity, { id: peer.id }, {
      mikrotikApiStatus: result.status,
      mikrotikLastApiCheck: now,
      ...(result.identity !== null ? { mikrotikRouterIdentity: result.identity.slice(0, 255) } : {}),
      ...(result.version !== null ? { mikrotikRouterosVersion: result.version.slice(0, 64) } : {}),
    });
  }

  /** A health reading also proves the API answers, so the router counts as online and seen now. */
  async saveHealth(peer: PeerEntity, health: RouterHealth, now = new Date()): Promise<void> {
    await this.database.manager.update(PeerEntity, { id: peer.id }, {
      mikrotikApiStatus: 'connected',
      mikrotikLastApiCheck: now,
      mikrotikRouterIdentity: health.identity.slice(0, 255),
      mikrotikRouterosVersion: health.version.slice(0, 64),
      mikrotikHealth: jsonb({ ...health, checkedAt: now.toISOString() }),
    });
  }

  async saveDriftReport(peer: PeerEntity, report: DriftReport): Promise<void> {
    await this.database.manager.update(PeerEntity, { id: peer.id }, { mikrotikDriftReport: jsonb(report), mikrotikLastDriftCheck: new Date(report.checkedAt) });
    if (!report.inSync) this.events.publish('config.changed', { wanId: peer.wanId, peerIds: [peer.id], reason: 'mikrotik.drift-detected' });
  }

  /**
   * The router made its own key pair when the interface was created. Every other peer lists
   * its public key, so a new one is a desired-state change of the whole WAN.
   */
  async saveRouterPublicKey(peer: PeerEntity, publicKey: string): Promise<void> {
    if (peer.publicKey === publicKey) return;
    const peerIds = await this.database.transaction(async (tx) => {
      await this.wans.lockById(tx, peer.wanId);
      await tx.update(PeerEntity, { id: peer.id }, { publicKey, privateKeyEncrypted: null });
      const ids = await this.wans.peerIds(tx, peer.wanId);
      await recordStateChange(tx, { wanId: peer.wanId, peerIds: ids, reason: 'peer.updated' });
      return ids;
    });
    this.events.publish('config.changed', { wanId: peer.wanId, peerIds, reason: 'mikrotik.router-key' });
  }

  /** The deployment whose backup a rollback restores: the one named, else the latest that succeeded. */
  backupSource(peerId: string, fromJobId: string | null): Promise<DeploymentJobEntity | null> {
    if (fromJobId) return this.database.manager.findOneBy(DeploymentJobEntity, { id: fromJobId, peerId, jobType: In([...WRITING_JOBS]) });
    return this.database.manager.findOne(DeploymentJobEntity, {
      where: { peerId, jobType: In([...WRITING_JOBS]), status: 'completed', backup: Not(IsNull()) },
      order: { completedAt: 'DESC', createdAt: 'DESC' },
    });
  }

  /** Calls made outside a job (preview, diff, status, monitoring) are logged too, without a job id. */
  logCalls(peerId: string, calls: readonly RouterCallRecord[]): Promise<void> {
    return this.queue.insertCalls(null, peerId, calls);
  }
}
