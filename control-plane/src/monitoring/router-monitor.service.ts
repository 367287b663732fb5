import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { isRouterOsError, readRouterHealth, readWireguardPeerStats, type RouterHealth, type WireguardPeerStats } from '@wom/routeros';
import { IsNull, Not } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Database } from '../database/database';
import { PeerEntity } from '../database/entities';
import { RouterClientFactory } from '../mikrotik/router-client.factory';
import { RouterRecords } from '../mikrotik/router-records';
import { MonitorClients } from './monitor-clients.cache';
import { nextRoundDelayMs, readOffsetMs, roundTiming, runRound, type RoundClock, type RoundTiming } from './monitor-schedule';
import { RouterHealthRecorder } from './router-health.recorder';

/** What a read needs of a router: its connection settings and its last online state; no large jsonb columns. */
const ROUTER_COLUMNS = {
  id: true, wanId: true, name: true, type: true, isOnline: true, lastSeen: true, mikrotikManagementIp: true, mikrotikApiPort: true, mikrotikAuthMethod: true,
  mikrotikUsername: true, mikrotikPassword: true, mikrotikUseSsl: true, mikrotikVerifyCert: true, mikrotikCaCertificate: true, mikrotikInterfaceName: true,
} as const;

/**
 * Reads the health (identity, version, board, CPU, memory, uptime) and WireGuard peer
 * statistics of every router the control plane reaches itself, one round each
 * MONITOR_INTERVAL_SECONDS (spec §11.1). Routers assigned to a site agent are not read here:
 * only their agent reaches them, and it reports their health itself.
 *
 * Each router keeps its own slot within the first 40% of the round, so 500 routers are not
 * asked at once, at most MONITOR_CONCURRENCY are read at a time, and every request gives up
 * well inside the interval (see monitor-schedule.ts). Rounds never overlap: the next one is
 * timed from the start of the last, and starts at once if that overran.
 */
@Injectable()
export class RouterMonitorService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RouterMonitor');
  private readonly timing: RoundTiming;
  private readonly clients: MonitorClients;
  private timer: NodeJS.Timeout | null = null;
  private round: Promise<void> | null = null;
  private stopping = false;
  private readonly sleepers = new Set<() => void>();
  private readonly clock: RoundClock = {
    now: () => Date.now(),
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.sleepers.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, ms);
        timer.unref();
        this.sleepers.add(wake);
      }),
  };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Database) private readonly database: Database,
    @Inject(RouterClientFactory) factory: RouterClientFactory,
    @Inject(RouterRecords) private readonly records: RouterRecords,
    @Inject(RouterHealthRecorder) private readonly recorder: RouterHealthRecorder,
  ) {
    this.timing = roundTiming(config.monitoring.intervalSeconds);
    this.clients = new MonitorClients(factory, { timeoutMs: this.timing.requestTimeoutMs });
  }

  onApplicationBootstrap(): void {
    if (this.timing.intervalMs > 0) this.scheduleRound(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    for (const wake of [...this.sleepers]) wake();
    await this.round;
    await this.clients.closeAll();
  }

  private scheduleRound(delayMs: number): void {
    this.timer = setTimeout(() => {
      const startedAt = Date.now();
      this.round = this.readAll().finally(() => {
        this.round = null;
        const tookMs = Date.now() - startedAt;
        if (tookMs > this.timing.intervalMs) {
          this.logger.warn(`A monitoring round took ${(tookMs / 1000).toFixed(1)} s, longer than MONITOR_INTERVAL_SECONDS (${this.timing.intervalMs / 1000} s): routers are read less often. Raise MONITOR_CONCURRENCY, or the interval.`);
        }
        if (!this.stopping) this.scheduleRound(nextRoundDelayMs(startedAt, Date.now(), this.timing.intervalMs));
      });
    }, delayMs);
    this.timer.unref();
  }

  /**
   * One round over every router with a management address that no site agent fronts, each at
   * its slot (all at once when monitoring is off and a round is run by hand). Never throws.
   */
  async readAll(): Promise<void> {
    try {
      const routers = await this.database.manager.find(PeerEntity, {
        select: ROUTER_COLUMNS,
        where: { type: 'mikrotik', mikrotikManagementIp: Not(IsNull()), mikrotikExecutorAgentId: IsNull(), removalRequestedAt: IsNull() },
      });
      await this.clients.keepOnly(new Set(routers.map((router) => router.id)));
      const plan = routers.map((router) => ({ item: router, offsetMs: readOffsetMs(router.id, this.timing.spreadMs) }));
      await runRound(plan, { concurrency: this.config.monitoring.concurrency, startedAt: this.clock.now(), clock: this.clock, cancelled: () => this.stopping }, (router) => this.readRouter(router));
    } catch (error) {
      this.logger.warn(`Router monitoring round failed: ${(error as Error).message}`);
    }
  }

  private async readRouter(router: PeerEntity): Promise<void> {
    let session: ReturnType<MonitorClients['client']>;
    try {
      session = this.clients.client(router);
    } catch (error) {
      // Not configured yet (no user name, say): nothing to read; its settings page says what is missing.
      if (!(error instanceof AppError && error.code === 'MIKROTIK.NOT_CONFIGURED')) this.logger.warn(`Router ${router.id} cannot be read: ${(error as Error).message}`);
      return;
    }
    let reading: { health: RouterHealth; stats: WireguardPeerStats[] };
    try {
      // One after the other over one connection: a silent router still fails at its first timeout.
      reading = { health: await readRouterHealth(session.client), stats: await readWireguardPeerStats(session.client, router.mikrotikInterfaceName ?? 'wg-wan-overlay') };
    } catch (error) {
      await this.clients.drop(router.id);
      // Good reads are not logged (millions of rows a day at this cadence); a failed one is, for whoever looks into it.
      await this.store(router, async () => {
        await this.records.logCalls(router.id, session.calls());
        await this.recorder.failure(router, isRouterOsError(error) && error.code === 'ROUTEROS.AUTH_FAILED' ? 'auth-failed' : 'unreachable', new Date());
      });
      return;
    }
    await this.store(router, () => this.recorder.reading(router, reading.health, reading.stats, new Date()));
  }

  /** A database hiccup while storing is logged; it says nothing about the router. */
  private async store(router: PeerEntity, write: () => Promise<void>): Promise<void> {
    try {
      await write();
    } catch (error) {
      this.logger.warn(`Storing the health of router ${router.id} failed: ${(error as Error).message}`);
    }
  }
}
