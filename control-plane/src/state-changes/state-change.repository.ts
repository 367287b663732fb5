import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { StateChangeEntity } from '../database/entities';

export type StateChangeReason =
  | 'wan.created'
  | 'wan.updated'
  | 'wan.deleted'
  | 'peer.created'
  | 'peer.updated'
  | 'peer.deleted'
  | 'service.created'
  | 'service.updated'
  | 'service.deleted'
  | 'conflict.resolved'
  | 'connection.created'
  | 'connection.deleted';

export interface StateChange {
  readonly wanId: string;
  /** Peers the mutation touched directly; the publisher widens this by digest comparison. */
  readonly peerIds: readonly string[];
  readonly reason: StateChangeReason;
}

/**
 * Writes one desired-state outbox row in the mutation's own transaction, so a change and the
 * record that peers must be recompiled commit or roll back together. It also bumps the WAN's
 * change counter, which tells readers that a cached compilation is stale; callers hold the
 * WAN's row lock already, so this adds no new lock order.
 */
export async function recordStateChange(manager: EntityManager, change: StateChange): Promise<void> {
  await manager.insert(StateChangeEntity, { wanId: change.wanId, peerIds: [...new Set(change.peerIds)], reason: change.reason });
  await manager.query('UPDATE wan_network SET change_seq = change_seq + 1 WHERE id = $1', [change.wanId]);
}

/** The outbox as an injectable repository, for services that take their I/O by injection. */
@Injectable()
export class StateChangeRepository {
  record(manager: EntityManager, change: StateChange): Promise<void> {
    return recordStateChange(manager, change);
  }
}
