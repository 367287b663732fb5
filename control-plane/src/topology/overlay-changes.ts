import type { EntityManager } from 'typeorm';
import { StateChangeEntity } from '../database/entities';

/** Outbox reasons of the service, conflict and connection mutations. */
export type OverlayChangeReason =
  | 'service.created'
  | 'service.updated'
  | 'service.deleted'
  | 'conflict.resolved'
  | 'connection.created'
  | 'connection.deleted';

export interface OverlayChange {
  readonly wanId: string;
  readonly peerIds: readonly string[];
  readonly reason: OverlayChangeReason;
}

/**
 * Writes the same state_change outbox row as StateChangeRepository, in the caller's
 * transaction. It lives here because StateChangeRepository's reason union belongs to the WAN
 * and peer modules; fold these reasons into it when those files are next touched.
 */
export async function recordOverlayChange(manager: EntityManager, change: OverlayChange): Promise<void> {
  await manager.insert(StateChangeEntity, { wanId: change.wanId, peerIds: [...new Set(change.peerIds)], reason: change.reason });
}
