import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { RouterHealth, WireguardPeerStats } from '@wom/routeros';
import type { PeerEntity } from '../database/entities';
import { EventBus } from '../events/event-bus';
import { RouterReadingsRepository, type RouterReadingInput, type StoredLink } from './router-readings.repository';
import { WriteBatcher } from './write-batcher';
import { handshakeAgeSeconds, healthFigures, linkUp, ONLINE_WITHIN_MS } from './router-health.view';

export { ONLINE_WITHIN_MS } from './router-health.view';

/** Why a router could not be read, as the API shows it. */
export type RouterReadFailure = 'auth-failed' | 'unreachable';

type Router = Pick<PeerEntity, 'id' | 'wanId' | 'isOnline' | 'lastSeen'>;

/** How long a reading may wait for others to share its statement: small next to any monitoring interval. */
const BATCH_WAIT_MS = 250;
/** Routers per statement at most (their links come along: a 50-link router is 50 rows of one array). */
const READINGS_PER_STATEMENT = 100;

/**
 * Stores one reading of a router's health and WireGuard peer statistics, whoever read it: the
 * control plane's own monitor, or the site agent a router is assigned to. Both paths give the
 * same API fields and events: `peer.status` when a peer goes on- or offline, and one
 * `router.health` (and, for a good read, one `link.stats`) per read.
 *
 * A reading is telemetry, not an edit of the peer: it leaves `updated_at` alone. Readings that
 * arrive within a quarter second go to the database together, in one statement however many
 * routers and links they hold (see RouterReadingsRepository): a round of 500 routers is a few
 * statements, not 500. Each reading's events follow once its batch is stored.
 */
@Injectable()
export class RouterHealthRecorder implements BeforeApplicationShutdown {
  private readonly batch: WriteBatcher<RouterReadingInput, StoredLink[]>;

  constructor(
    @Inject(RouterReadingsRepository) private readonly readings: RouterReadingsRepository,
    @Inject(EventBus) private readonly events: EventBus,
  ) {
    this.batch = new WriteBatcher((items) => this.readings.storeReadings(items), { maxItems: READINGS_PER_STATEMENT, maxWaitMs: BATCH_WAIT_MS, keyOf: (item) => item.router.id });
  }

  /** Readings still waiting for their batch are stored before the database goes. */
  beforeApplicationShutdown(): Promise<void> {
    return this.batch.flush();
  }

  async reading(router: Router, health: RouterHealth, stats: readonly WireguardPeerStats[], now: Date): Promise<void> {
    const peers = stats.map((stat) => ({
      publicKey: stat.publicKey,
      lastHandshake: stat.lastHandshakeSeconds === null ? null : new Date(now.getTime() - stat.lastHandshakeSeconds * 1000),
      rxBytes: stat.rxBytes,
      txBytes: stat.txBytes,
    }));
    const links = await this.batch.add({ router: { id: router.id, wanId: router.wanId }, health, peers, now, onlineSince: new Date(now.getTime() - ONLINE_WITHIN_MS) });
    // The API answering makes the router reachable, not online: online is a link handshaking recently (as the statement stored it).
    const tunnelUp = links.some((link) => linkUp(handshakeAgeSeconds(link.lastHandshake, now)));
    if (tunnelUp !== router.isOnline) this.events.publish('peer.status', { peerId: router.id, wanId: router.wanId, isOnline: tunnelUp, lastSeen: latest(router.lastSeen, now).toISOString() }, now);
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
