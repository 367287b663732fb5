import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { StateChangeEntity } from '../database/entities';

export type StateChangeReason = 'wan.created' | 'wan.updated' | 'wan.deleted' | 'peer.created' | 'peer.updated' | 'peer.deleted';

export interface StateChange {
  readonly wanId: string;
  /** Peers the mutation touched directly; the publisher widens this by digest comparison. */
  readonly peerIds: readonly string[];
  readonly reason: StateChangeReason;
}

/** Writes the desired-state outbox. Always called with the mutation's own transaction. */
@Injectable()
export class StateChangeRepository {
  async record(manager: EntityManager, change: StateChange): Promise<void> {
    await manager.insert(StateChangeEntity, { wanId: change.wanId, peerIds: [...change.peerIds], reason: change.reason });
  }
}
