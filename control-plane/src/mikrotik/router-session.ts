import { Inject, Injectable } from '@nestjs/common';
import { isRouterOsError, type RouterOsClient } from '@wom/routeros';
import { AppError } from '../common/errors/app-error';
import { Database } from '../database/database';
import { PeerEntity } from '../database/entities';
import type { RouterCallRecord } from '../jobs/runner/job-executor';
import { RouterClientFactory } from './router-client.factory';
import { RouterRecords } from './router-records';
import { addressRefusalIn } from './router-target.resolver';

/** Looks a peer up and refuses one that is not a MikroTik router, with the reason. */
export async function requireMikrotik(lookup: Promise<PeerEntity | null>, peerId: string): Promise<PeerEntity> {
  const peer = await lookup;
  if (!peer) throw new AppError('PEER.NOT_FOUND', `No peer has the id ${peerId}.`);
  if (peer.type !== 'mikrotik') {
    throw new AppError('PEER.NOT_MIKROTIK', `Peer "${peer.name}" is a ${peer.type}, not a MikroTik router; use GET /api/peers/${peerId}/config for its configuration instead.`);
  }
  return peer;
}

/**
 * A short conversation with one router outside any job (preview, diff, status, drift check,
 * monitoring): builds the client, logs every call without a job id, and turns a router that
 * can't be read into a 502 that says why.
 */
@Injectable()
export class RouterSessions {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(RouterClientFactory) private readonly clients: RouterClientFactory,
    @Inject(RouterRecords) private readonly records: RouterRecords,
  ) {}

  requirePeer(peerId: string): Promise<PeerEntity> {
    return requireMikrotik(this.database.manager.findOneBy(PeerEntity, { id: peerId }), peerId);
  }

  async with<T>(peer: PeerEntity, work: (client: RouterOsClient) => Promise<T>, options: { maxAttempts?: number; timeoutMs?: number } = {}): Promise<T> {
    await this.clients.requireAllowedTarget(peer);
    const calls: RouterCallRecord[] = [];
    const client = this.clients.forPeer(peer, { ...options, onCall: (entry) => calls.push(entry) });
    try {
      return await work(client);
    } catch (error) {
      const refused = addressRefusalIn(error);
      if (refused) throw refused;
      if (isRouterOsError(error)) {
        throw new AppError('MIKROTIK.ROUTER_UNAVAILABLE', `Router "${peer.name}" could not be read: ${error.message} ${error.suggestion}`.trim(), { routerError: error.code });
      }
      throw error;
    } finally {
      await client.close();
      await this.records.logCalls(peer.id, calls);
    }
  }
}
