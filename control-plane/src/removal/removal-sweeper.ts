import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { IsNull, Not, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { syncStoredConflicts } from '../conflicts/conflict-sync';
import { Database } from '../database/database';
import { PeerEntity, WanNetworkEntity } from '../database/entities';
import { EventBus } from '../events/event-bus';
import { recordStateChange } from '../state-changes/state-change.repository';
import { DeviceRemoval } from './device-removal';
import { nextRemovalStep, REMOVED_DIGEST, type RemovalStep } from './removal-policy';

const SYSTEM = { type: 'system', id: null, name: 'removal' } as const;

/**
 * Finishes what `DeviceRemoval` started. On the job poll interval it looks at every peer being
 * removed: once its undeploy job has succeeded the peer row goes (and its WAN, when that was
 * being removed and this was its last peer); a failed job is recorded on the peer and retried
 * after a wait that doubles each time; a cancelled one waits for a person (retry the job, or
 * delete with force). Every replica may run it: each step is a conditional write in a
 * transaction, so two replicas never both finish or both retry one removal.
 */
@Injectable()
export class RemovalSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Removal');
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Database) private readonly database: Database,
    @Inject(DeviceRemoval) private readonly removal: DeviceRemoval,
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(EventBus) private readonly events: EventBus,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), Math.max(this.config.jobs.pollIntervalMs, 250));
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
  }

  /** One pass over every removal in progress; concurrent calls share the pass. */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce()
      .catch((error: unknown) => this.logger.warn(`Finishing removals failed: ${(error as Error).message}`))
      .finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    const removing = await this.database.manager.find(PeerEntity, { where: { removalRequestedAt: Not(IsNull()) }, select: { id: true, wanId: true } });
    if (removing.length === 0) return;
    // A peer whose undeploy is still waiting or running has nothing to advance: no transaction
    // for it (a WAN of 50 routers being removed would otherwise lock 50 rows every pass).
    const busy = new Set(
      ((await this.database.manager.query(
        `SELECT DISTINCT peer_id FROM deployment_job WHERE job_type = 'undeploy' AND status NOT IN ('completed', 'failed', 'cancelled') AND peer_id = ANY($1::uuid[])`,
        [removing.map(({ id }) => id)],
      )) as { peer_id: string }[]).map((row) => row.peer_id),
    );
    for (const { id } of removing) if (!busy.has(id)) await this.database.transaction((tx) => this.advance(tx, id));
  }

  private async advance(tx: EntityManager, peerId: string): Promise<void> {
    const peer = await tx.findOne(PeerEntity, { where: { id: peerId }, lock: { mode: 'pessimistic_write' } });
    if (!peer || peer.removalRequestedAt === null) return;
    if (!this.removal.usesUndeployJob(peer)) return this.advanceAgentRemoval(tx, peer);
    const job = await this.removal.latestUndeploy(tx, peer.id);
    const step: RemovalStep = nextRemovalStep(job, peer.removalAttempts, this.config.jobs.removalRetrySeconds, new Date());
    switch (step.kind) {
      case 'wait':
        return;
      case 'record-failure':
        if (peer.removalError !== step.reason) await tx.update(PeerEntity, { id: peer.id }, { removalError: step.reason });
        return;
      case 'retry':
        await tx.update(PeerEntity, { id: peer.id }, { removalError: step.reason });
        await this.removal.queueUndeploy(tx, peer);
        this.logger.log(`removal of peer ${peer.id}: attempt ${peer.removalAttempts + 1} queued`);
        return;
      case 'finish':
        await this.finish(tx, peer, step.jobId, step.writeCount);
    }
  }

  /**
   * A box's agent was told (its last revision, "removed") to take everything down; once it
   * reports that revision applied, the peer goes. An agent that is away is waited for, and says so.
   */
  private async advanceAgentRemoval(tx: EntityManager, peer: PeerEntity): Promise<void> {
    if (peer.desiredDigest === REMOVED_DIGEST && BigInt(peer.appliedRevision) >= BigInt(peer.desiredRevision)) return this.finish(tx, peer, null, null);
    const waiting = peer.isOnline ? null : 'The site agent is offline; it takes its interface, routes and nftables table down as soon as it is back.';
    if (peer.removalError !== waiting) await tx.update(PeerEntity, { id: peer.id }, { removalError: waiting });
  }

  private async finish(tx: EntityManager, peer: PeerEntity, jobId: string | null, writeCount: number | null): Promise<void> {
    const wan = await tx.findOne(WanNetworkEntity, { where: { id: peer.wanId }, lock: { mode: 'pessimistic_write' } });
    await tx.delete(PeerEntity, { id: peer.id });
    await this.audit.record(tx, { action: 'peer.removed', entityType: 'peer', entityId: peer.id, wanId: peer.wanId, before: { name: peer.name }, after: jobId ? { undeployJobId: jobId, writeCount } : { removedBy: 'agent', revision: Number(peer.appliedRevision) } }, SYSTEM);
    if (wan === null) return;
    if (wan.removalRequestedAt !== null) {
      // Every peer left in a WAN being removed is being removed too: no configuration or conflict changes with one of them gone.
      if ((await tx.countBy(PeerEntity, { wanId: wan.id })) > 0) return;
      await tx.delete(WanNetworkEntity, { id: wan.id });
      await this.audit.record(tx, { action: 'wan.removed', entityType: 'wan', entityId: wan.id, wanId: null, before: { name: wan.name } }, SYSTEM);
      return;
    }
    await syncStoredConflicts(tx, wan);
    await recordStateChange(tx, { wanId: wan.id, peerIds: [peer.id], reason: 'peer.deleted' });
    this.events.publish('config.changed', { wanId: wan.id, peerIds: [peer.id], reason: 'peer.removed' });
  }
}
