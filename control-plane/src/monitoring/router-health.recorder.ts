import { Inject, Injectable } from '@nestjs/common';
import type { RouterHealth, WireguardPeerStats } from '@wom/routeros';
import type { PeerEntity } from '../database/entities';
import { EventBus } from '../events/event-bus';
import { RouterReadingsRepository } from './router-readings.repository';
import { handshakeAgeSeconds, healthFigures, linkUp, ONLINE_WITHIN_MS } from './router-health.view';

export { ONLINE_WITHIN_MS } from './router-health.view';

/** Why a router could not be read, as the API shows it. */
export type RouterReadFailure = 'auth-failed' | 'unreachable';

type Router = Pick<PeerEntity, 'id' | 'wanId' | 'isOnline' | 'lastSeen'>;

/**
 * Stores one reading of a router's health and WireGuard peer statistics, whoever read it: the
 * control plane's own monitor, or the site agent a router is assigned to. Both paths give the
 * same API fields and events: `peer.status` when a peer goes on- or offline, and one
 * `router.health` (and, for a good read, one `link.stats`) per read.
 *
 * A reading is telemetry, not an edit of the peer: it leaves `updated_at` alone, and is one
 * statement however many links the router has (see RouterReadingsRepository).
 */
@Injectable()
export class RouterHealthRecorder {
  constructor(
    @Inject(RouterReadingsRepository) private readonly readings: RouterReadingsRepository,
    @Inject(EventBus) private readonly events: EventBus,
  ) {}

  async reading(router: Router, health: RouterHealth, stats: readonly WireguardPeerStats[], now: Date): Promise<void> {
    const peers = stats.map((stat) => ({
      publicKey: stat.publicKey,
      lastHandshake: stat.lastHandshakeSeconds === null ? null : new Date(now.getTime() - stat.lastHandshakeSeconds * 1000),
      rxBytes: stat.rxBytes,
      txBytes: stat.txBytes,
    }));
    const links = await this.readings.storeReading(router, health, peers, now, new Date(now.getTime() - ONLINE_WITHIN_MS));
    // A health reading proves the API answers: the router counts as online and seen now.
    if (!router.isOnline) this.events.publish('peer.status', { peerId: router.id, wanId: router.wanId, isOnline: true, lastSeen: latest(router.lastSeen, now).toISOString() }, now);
    for (const link of links) {
      if (link.remoteNow && link.remoteNow.isOnline !== link.remoteWasOnline) {
        this.events.publish('peer.status', { peerId: link.remoteId, wanId: router.wanId, isOnline: link.remoteNow.isOnline, lastSeen: link.remoteNow.lastSeen.toISOString() }, now);
      }
    }
    this.events.publish('router.health', { peerId: router.id, wanId: router.wanId, apiStatus: 'connected', health: healthFigures(health, now) }, now);
    this.events.publish(
      'link.stats',
      {
        peerId: router.id,
        wanId: router.wanId,
        links: links.map((link) => {
          const age = handshakeAgeSeconds(link.lastHandshake, now);
          return { remotePeerId: link.remoteId, lastHandshake: link.lastHandshake?.toISOString() ?? null, handshakeAgeSeconds: age, up: linkUp(age), rxBytes: link.rxBytes, txBytes: link.txBytes };
        }),
      },
      now,
    );
  }

  async failure(router: Router, status: RouterReadFailure, now: Date): Promise<void> {
    await this.readings.storeFailure(router.id, status, now);
    if (router.isOnline) this.events.publish('peer.status', { peerId: router.id, wanId: router.wanId, isOnline: false, lastSeen: router.lastSeen?.toISOString() ?? null }, now);
    this.events.publish('router.health', { peerId: router.id, wanId: router.wanId, apiStatus: status, health: null }, now);
  }
}

const latest = (a: Date | null, b: Date): Date => (a && a > b ? a : b);
