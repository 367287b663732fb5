import { Inject, Injectable } from '@nestjs/common';
import type { RouterHealth, WireguardPeerStats } from '@wom/routeros';
import { In } from 'typeorm';
import { Database } from '../database/database';
import { PeerConnectionEntity, PeerEntity } from '../database/entities';
import { EventBus } from '../events/event-bus';
import { RouterRecords } from '../mikrotik/router-records';

/** WireGuard re-keys every 2 minutes while traffic flows; a handshake older than this means the tunnel is idle or down. */
export const ONLINE_WITHIN_MS = 180_000;

/** Why a router could not be read, as the API shows it. */
export type RouterReadFailure = 'auth-failed' | 'unreachable';

/**
 * Stores one reading of a router's health and WireGuard peer statistics, whoever read it: the
 * control plane's own monitor, or the site agent a router is assigned to. Both paths give the
 * same API fields and `peer.status` events.
 */
@Injectable()
export class RouterHealthRecorder {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(RouterRecords) private readonly records: RouterRecords,
    @Inject(EventBus) private readonly events: EventBus,
  ) {}

  async reading(router: PeerEntity, health: RouterHealth, stats: readonly WireguardPeerStats[], now: Date): Promise<void> {
    await this.records.saveHealth(router, health, now);
    await this.markSeen(router, now, now);
    await this.applyStats(router, stats, now);
  }

  async failure(router: PeerEntity, status: RouterReadFailure, now: Date): Promise<void> {
    await this.database.manager.update(PeerEntity, { id: router.id }, { mikrotikApiStatus: status, mikrotikLastApiCheck: now });
    await this.setOnline(router, false, router.lastSeen);
  }

  /** Each WireGuard peer the router knows, matched to our peers by public key. */
  private async applyStats(router: PeerEntity, stats: readonly WireguardPeerStats[], now: Date): Promise<void> {
    const keys = stats.map((s) => s.publicKey);
    if (keys.length === 0) return;
    const remotes = await this.database.manager.find(PeerEntity, { where: { wanId: router.wanId, publicKey: In(keys) } });
    for (const remote of remotes) {
      const stat = stats.find((s) => s.publicKey === remote.publicKey)!;
      const handshakeAt = stat.lastHandshakeSeconds === null ? null : new Date(now.getTime() - stat.lastHandshakeSeconds * 1000);
      await this.updateConnection(router.id, remote.id, stat, handshakeAt, now);
      if (handshakeAt) await this.markSeen(remote, handshakeAt, now);
    }
  }

  /** Counters are stored from peer A's side of the pair, whichever of the two the router is. */
  private async updateConnection(routerId: string, remoteId: string, stat: WireguardPeerStats, handshakeAt: Date | null, now: Date): Promise<void> {
    const connection = await this.database.manager.findOne(PeerConnectionEntity, {
      where: [
        { peerAId: routerId, peerBId: remoteId },
        { peerAId: remoteId, peerBId: routerId },
      ],
    });
    if (!connection) return;
    const routerIsA = connection.peerAId === routerId;
    await this.database.manager.update(PeerConnectionEntity, { id: connection.id }, {
      lastHandshake: handshakeAt,
      txBytes: String(routerIsA ? stat.txBytes : stat.rxBytes),
      rxBytes: String(routerIsA ? stat.rxBytes : stat.txBytes),
      statsUpdatedAt: now,
    });
  }

  private async markSeen(peer: PeerEntity, seenAt: Date, now: Date): Promise<void> {
    const lastSeen = peer.lastSeen && peer.lastSeen > seenAt ? peer.lastSeen : seenAt;
    await this.setOnline(peer, now.getTime() - lastSeen.getTime() < ONLINE_WITHIN_MS, lastSeen);
  }

  private async setOnline(peer: PeerEntity, isOnline: boolean, lastSeen: Date | null): Promise<void> {
    if (peer.isOnline === isOnline && peer.lastSeen?.getTime() === lastSeen?.getTime()) return;
    await this.database.manager.update(PeerEntity, { id: peer.id }, { isOnline, lastSeen });
    if (peer.isOnline !== isOnline) this.events.publish('peer.status', { peerId: peer.id, wanId: peer.wanId, isOnline, lastSeen: lastSeen?.toISOString() ?? null });
  }
}
