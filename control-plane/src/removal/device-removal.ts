import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { In, IsNull, Not } from 'typeorm';
import { AgentEntity, DeploymentJobEntity, PeerEntity } from '../database/entities';

/** A job in any other state (pending, running, cancelling) still holds the router. */
const ENDED: ReadonlySet<string> = new Set(['completed', 'failed', 'cancelled']);

/** Jobs after which the router may hold rows this product wrote (they stored a backup before writing). */
const WRITING_JOBS = ['deploy-config', 'reconcile'];

/** How a delete asked to treat what the device holds. */
export interface RemovalOptions {
  /** Leave every row on the device and forget the peer now (audited as such). */
  readonly keepOnDevice?: boolean;
  /** Forget the peer now even while its removal is pending (a router that will never answer again). */
  readonly force?: boolean;
}

/**
 * What became of a delete: gone at once (`removedNow`), or kept as "removing" until its device
 * is clean; `jobIds` are the jobs taking it off devices (its own undeploy, the other routers'
 * redeploys), empty when there are none.
 */
export type RemovalStart = { readonly removedNow: boolean; readonly jobIds: readonly string[] };
/** A WAN's delete: gone at once, or kept until the undeploy jobs of its devices have run. */
export type WanRemovalStart = RemovalStart;

/**
 * Deleting a device-backed peer is an undeploy. A MikroTik router that this product ever wrote
 * to keeps the peer row, marked as being removed, and gets an `undeploy` job that takes off
 * every row commented `WAN-Overlay-Manager:<peer id>`; the row goes once that job succeeds
 * (`RemovalSweeper`). The peer leaves every other peer's configuration at once: the compiler
 * never sees a peer being removed.
 *
 * Works on the caller's transaction, which holds the WAN's lock, and depends on nothing but
 * the database, so the peers and WAN services can call it without depending on the job queue.
 */
@Injectable()
export class DeviceRemoval {
  /**
   * True when the peer's device may hold what we configured and we can reach it to take it off:
   * a router over its API after a writing job stored a backup, or a box whose active agent has
   * applied a revision.
   */
  async holdsOurRows(tx: EntityManager, peer: PeerEntity): Promise<boolean> {
    if (peer.deploymentMode === 'agent') return Number(peer.appliedRevision) > 0 && (await tx.countBy(AgentEntity, { peerId: peer.id, status: 'active' })) > 0;
    if (peer.type !== 'mikrotik' || peer.mikrotikManagementIp === null) return false;
    return (await tx.countBy(DeploymentJobEntity, { peerId: peer.id, jobType: In(WRITING_JOBS), backup: Not(IsNull()) })) > 0;
  }

  /** A box's agent takes its own configuration down when told the peer is removed (see the publisher); a router needs a job. */
  usesUndeployJob(peer: Pick<PeerEntity, 'deploymentMode'>): boolean {
    return peer.deploymentMode !== 'agent';
  }

  /**
   * Starts the removal of one peer: waiting jobs are cancelled (they would write what is being
   * taken away) and an undeploy is queued. A peer already being removed keeps its job.
   */
  async begin(tx: EntityManager, peer: PeerEntity, createdBy: string | null = null): Promise<string[]> {
    if (peer.removalRequestedAt === null) await tx.update(PeerEntity, { id: peer.id }, { removalRequestedAt: new Date(), removalAttempts: 0, removalError: null });
    if (!this.usesUndeployJob(peer)) return [];
    if (peer.removalRequestedAt !== null) {
      const current = await this.latestUndeploy(tx, peer.id);
      if (current && !ENDED.has(current.status)) return [current.id];
    }
    await tx.update(
      DeploymentJobEntity,
      { peerId: peer.id, status: 'pending', jobType: Not('undeploy') },
      { status: 'cancelled', completedAt: new Date(), errorMessage: 'The peer is being removed from the router.', errorCode: 'PEER.REMOVING' },
    );
    return [await this.queueUndeploy(tx, peer, createdBy)];
  }

  async queueUndeploy(tx: EntityManager, peer: Pick<PeerEntity, 'id' | 'wanId' | 'removalAttempts'>, createdBy: string | null = null): Promise<string> {
    await tx.update(PeerEntity, { id: peer.id }, { removalAttempts: () => 'removal_attempts + 1' });
    return (await queueJob(tx, { wanId: peer.wanId, peerId: peer.id, jobType: 'undeploy', parameters: { removal: true }, attempt: peer.removalAttempts + 1, createdBy })).id;
  }

  latestUndeploy(manager: EntityManager, peerId: string): Promise<DeploymentJobEntity | null> {
    return manager.findOne(DeploymentJobEntity, { where: { peerId, jobType: 'undeploy' }, order: { createdAt: 'DESC' } });
  }

  /**
   * A delete takes what it removed off every router of the WAN this product has written to,
   * not only auto-deploy ones: a deleted service whose NAT rule stayed on a router would still
   * be reachable. One deploy-config per such router (none while one is already waiting).
   */
  async redeployRouters(tx: EntityManager, wanId: string, exceptPeerIds: readonly string[] = []): Promise<string[]> {
    const routers = (await tx.query(
      `SELECT p.id FROM peer p
        WHERE p.wan_id = $1 AND p.type = 'mikrotik' AND p.mikrotik_management_ip IS NOT NULL AND p.removal_requested_at IS NULL AND NOT (p.id = ANY($2::uuid[]))
          AND EXISTS (SELECT 1 FROM deployment_job w WHERE w.peer_id = p.id AND w.job_type = ANY($3::text[]) AND w.backup IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM deployment_job q WHERE q.peer_id = p.id AND q.job_type = 'deploy-config' AND q.status = 'pending')
        ORDER BY p.tunnel_ip`,
      [wanId, [...exceptPeerIds], WRITING_JOBS],
    )) as { id: string }[];
    const jobIds: string[] = [];
    for (const { id } of routers) jobIds.push((await queueJob(tx, { wanId, peerId: id, jobType: 'deploy-config', parameters: { afterDelete: true } })).id);
    return jobIds;
  }

  /** The undeploy job of a peer switched from API to manual deployment: the peer stays, its rows go. */
  async undeployOnly(peer: PeerEntity, tx: EntityManager): Promise<string> {
    return (await queueJob(tx, { wanId: peer.wanId, peerId: peer.id, jobType: 'undeploy', parameters: { modeSwitch: true } })).id;
  }
}

/** A pending job, as the runner picks it up; the queue itself lives in the jobs module, which depends on peers. */
function queueJob(tx: EntityManager, job: Pick<DeploymentJobEntity, 'wanId' | 'peerId' | 'jobType' | 'parameters'> & Partial<Pick<DeploymentJobEntity, 'attempt' | 'createdBy'>>): Promise<DeploymentJobEntity> {
  return tx.save(tx.create(DeploymentJobEntity, { attempt: 1, ...job, status: 'pending' }));
}
