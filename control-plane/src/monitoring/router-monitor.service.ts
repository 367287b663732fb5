import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { readRouterHealth, readWireguardPeerStats } from '@wom/routeros';
import { IsNull, Not } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Database } from '../database/database';
import { PeerEntity } from '../database/entities';
import { RouterSessions } from '../mikrotik/router-session';
import { RouterHealthRecorder } from './router-health.recorder';

/**
 * Reads the health (identity, version, CPU, memory, uptime) and WireGuard peer statistics of
 * every router the control plane reaches itself, on MONITOR_INTERVAL_SECONDS, updating peer
 * connections and who is online (spec §11.1). Routers assigned to a site agent are not read
 * here: only their agent reaches them, and it reports their health itself. Routers are read
 * with bounded concurrency and each failure stays its own.
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
    @Inject(RouterHealthRecorder) private readonly recorder: RouterHealthRecorder,
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

  /** One round over every router with a management address that no site agent fronts. Never throws. */
  async readAll(now = new Date()): Promise<void> {
    try {
      const routers = await this.database.manager.find(PeerEntity, { where: { type: 'mikrotik', mikrotikManagementIp: Not(IsNull()), mikrotikExecutorAgentId: IsNull() } });
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
      await this.recorder.reading(router, health, stats, now);
    } catch (error) {
      await this.recorder.failure(router, error instanceof AppError && error.details['routerError'] === 'ROUTEROS.AUTH_FAILED' ? 'auth-failed' : 'unreachable', now);
    }
  }
}
