import { Inject, Injectable } from '@nestjs/common';
import type { ConnectionTestResult, DriftReport } from '@wom/routeros';
import { In, type EntityManager } from 'typeorm';
import { Database } from '../database/database';
import { DeploymentJobEntity, PeerEntity } from '../database/entities';
import { EventBus } from '../events/event-bus';
import { JobQueueRepository } from '../jobs/runner/job-queue.repository';
import type { RouterCallRecord } from '../jobs/runner/job-executor';
import { recordStateChange } from '../state-changes/state-change.repository';
import { WanRepository } from '../wan/wan.repository';
import { ROLLBACK_SOURCE_TYPES } from './rollback-target';

/**
 * A completed deployment changed the router when the engine counted a write. Its result's
 * `writeCount` is stored with the job's end in one statement, so it cannot go missing the
 * way a call-log row can (those are best effort); a result without it (older rows) falls back
 * to the calls recorded in `operations_log`, which for a completed job are the writes applied.
 */
const CHANGED_ROUTER = `CASE WHEN jsonb_typeof(j.result -> 'writeCount') = 'number' THEN (j.result ->> 'writeCount')::numeric > 0
  ELSE jsonb_typeof(j.operationsLog) = 'array' AND jsonb_array_length(j.operationsLog) > 0 END`;

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

  /** The deployment whose backup a rollback restores: the one named, else the last that changed the router. */
  backupSource(peerId: string, fromJobId: string | null): Promise<DeploymentJobEntity | null> {
    if (fromJobId) return this.database.manager.findOneBy(DeploymentJobEntity, { id: fromJobId, peerId, jobType: In([...ROLLBACK_SOURCE_TYPES]) });
    return this.lastChange(peerId);
  }

  /**
   * The last deployment (or reconcile) that completed and changed the router, with its backup:
   * what "roll back" undoes. A redeploy that wrote nothing is skipped, so rolling back is never
   * a restore of the state the router already holds.
   */
  lastChange(peerId: string, manager: EntityManager = this.database.manager): Promise<DeploymentJobEntity | null> {
    return manager
      .createQueryBuilder(DeploymentJobEntity, 'j')
      .where('j.peerId = :peerId', { peerId })
      .andWhere('j.jobType IN (:...types)', { types: [...ROLLBACK_SOURCE_TYPES] })
      .andWhere(`j.status = 'completed' AND j.backup IS NOT NULL`)
      .andWhere(CHANGED_ROUTER)
      .orderBy('j.completedAt', 'DESC')
      .addOrderBy('j.createdAt', 'DESC')
      .getOne();
  }

  /** Calls made outside a job (preview, diff, status, monitoring) are logged too, without a job id. */
  logCalls(peerId: string, calls: readonly RouterCallRecord[]): Promise<void> {
    return this.queue.insertCalls(null, peerId, calls);
  }
}
