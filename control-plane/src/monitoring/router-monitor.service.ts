import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { readRouterHealth, readWireguardPeerStats, type WireguardPeerStats } from '@wom/routeros';
import { In, IsNull, Not } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Database } from '../database/database';
import { PeerConnectionEntity, PeerEntity } from '../database/entities';
import { EventBus } from '../events/event-bus';
import { RouterRecords } from '../mikrotik/router-records';
import { RouterSessions } from '../mikrotik/router-session';

/** WireGuard re-keys every 2 minutes while traffic flows; a handshake older than this means the tunnel is idle or down. */
export const ONLINE_WITHIN_MS = 180_000;

/**
 * Reads every configured router's health (identity, version, CPU, memory, uptime) and its
 * WireGuard peer statistics on MONITOR_INTERVAL_SECONDS, updating peer connections and who is
 * online (spec §11.1). Routers are read with bounded concurrency and each failure stays its own.
 */
@Injectable()
export class RouterMonitorService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RouterMonitor');
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Database) private readonly database: Database,
    @Inject(RouterSessions) private readonly sessions: RouterSessions,
    @Inject(RouterRecords) private readonly records: RouterRecords,
    @Inject(EventBus) private readonly events: EventBus,
  ) {}

  onApplicationBootstrap(): void {
    const seconds = this.config.jobs.monitorIntervalSeconds;
    if (seconds === 0) return;
    this.timer = setInterval(() => {
      if (!this.round) this.round = this.readAll().finally(() => (this.round = null));
    }, seconds * 1000);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.round;
  }

  /** One round over every router with a management address. Never throws. */
  async readAll(now = new Date()): Promise<void> {
    try {
      const routers = await this.database.manager.find(PeerEntity, { where: { type: 'mikrotik', mikrotikManagementIp: Not(IsNull()) } });
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < routers.length) await this.readRouter(routers[next++]!, now);
      };
      await Promise.all(Array.from({ length: Math.min(this.config.jobs.concurrency, routers.length) }, worker));
    } catch (error) {
      this.logger.warn(`Router monitoring round failed: ${(error as Error).message}`);
    }
  }

  private async readRouter(router: PeerEntity, now: Date): Promise<void> {
    try {
      const { health, stats } = await this.sessions.with(
        router,
        async (client) => ({ health: await readRouterHealth(client), stats: await readWireguardPeerStats(client, router.mikrotikInterfaceName ?? 'wg-wan-overlay') }),
        { maxAttempts: 1, timeoutMs: 10_000 },
      );
      await this.records.saveHealth(router, health, now);
      await this.markSeen(router, now, now);
      await this.applyStats(router, stats, now);
    } catch (error) {
      const status = error instanceof AppError && error.details['routerError'] === 'ROUTEROS.AUTH_FAILED' ? 'auth-failed' : 'unreachable';
      await this.database.manager.update(PeerEntity, { id: router.id }, { mikrotikApiStatus: status, mikrotikLastApiCheck: now });
      await this.setOnline(router, false, router.lastSeen);
    }
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
