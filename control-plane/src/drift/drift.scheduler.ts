import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { schedule, type ScheduledTask } from 'node-cron';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { DriftService } from './drift.service';

/** Queues a drift check of every router on DRIFT_CHECK_CRON; the job runner does the reading. */
@Injectable()
export class DriftScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DriftScheduler');
  private task: ScheduledTask | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DriftService) private readonly drift: DriftService,
  ) {}

  onApplicationBootstrap(): void {
    const cron = this.config.jobs.driftCheckCron;
    if (cron === null) return;
    this.task = schedule(cron, () => this.run(), { name: 'drift-check', noOverlap: true });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.task?.destroy();
  }

  /** Never throws: a failed round is logged and the next one tries again. */
  async run(): Promise<void> {
    try {
      const jobs = await this.drift.checkAll();
      if (jobs.length > 0) this.logger.log(`Queued ${jobs.length} drift check(s)`);
    } catch (error) {
      this.logger.warn(`Scheduled drift check failed: ${(error as Error).message}`);
    }
  }
}
