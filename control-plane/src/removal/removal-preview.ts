import { Inject, Injectable } from '@nestjs/common';
import { In, IsNull, type EntityManager } from 'typeorm';
import { Database } from '../database/database';
import { DeploymentJobEntity, PeerEntity } from '../database/entities';
import { DeviceRemoval, type RemovalStart } from './device-removal';
import { planDeviceChanges, type PeerBefore, type RemovalPreview } from './removal-plan';

/** Carries the preview out of the transaction it rolls back. */
class RolledBack<T> extends Error {
  constructor(readonly value: T) {
    super('dry run rolled back');
  }
}

/**
 * Previews a delete by running it: the very method the delete uses, in a transaction that is
 * then rolled back, so the preview names exactly the jobs and devices the delete would. Nothing
 * leaves the transaction: no job, no state change, no audit row, no wake-up of the publisher.
 */
@Injectable()
export class RemovalPreviewer {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(DeviceRemoval) private readonly removal: DeviceRemoval,
  ) {}

  /**
   * `wanOf` finds the WAN of what is deleted (and throws the caller's not-found), `remove` is the
   * delete's own transactional body.
   */
  async preview(subject: string, wanOf: (tx: EntityManager) => Promise<string>, remove: (tx: EntityManager) => Promise<RemovalStart>): Promise<RemovalPreview> {
    try {
      await this.database.transaction(async (tx) => {
        throw new RolledBack(await this.run(tx, subject, await wanOf(tx), remove));
      });
    } catch (error) {
      if (error instanceof RolledBack) return error.value as RemovalPreview;
      throw error;
    }
    throw new Error('a dry run always rolls back');
  }

  private async run(tx: EntityManager, subject: string, wanId: string, remove: (tx: EntityManager) => Promise<RemovalStart>): Promise<RemovalPreview> {
    const peers = await tx.find(PeerEntity, { where: { wanId, removalRequestedAt: IsNull() }, order: { name: 'ASC' } });
    const before: PeerBefore[] = [];
    for (const peer of peers) before.push({ id: peer.id, name: peer.name, type: peer.type, deploymentMode: peer.deploymentMode, apiManaged: peer.type === 'mikrotik' && peer.mikrotikManagementIp !== null, holdsOurRows: await this.removal.holdsOurRows(tx, peer) });
    const waiting = await tx.find(DeploymentJobEntity, { where: { wanId, jobType: 'deploy-config', status: 'pending' }, select: { peerId: true } });
    const start = await remove(tx);
    const jobs = start.jobIds.length === 0 ? [] : await tx.find(DeploymentJobEntity, { where: { id: In([...start.jobIds]) }, select: { peerId: true, jobType: true } });
    const ids = peers.map((peer) => peer.id);
    const remaining = ids.length === 0 ? [] : await tx.find(PeerEntity, { where: { id: In(ids), removalRequestedAt: IsNull() }, select: { id: true } });
    const remainingIds = new Set(remaining.map((peer) => peer.id));
    return planDeviceChanges(subject, before, {
      removedNow: start.removedNow,
      jobs,
      remaining: remainingIds,
      // Every delete that leaves peers behind records a state change of the whole WAN (shared IPs and subnets reach every peer).
      changed: remainingIds,
      deployWaiting: new Set(waiting.map((job) => job.peerId)),
    });
  }
}
