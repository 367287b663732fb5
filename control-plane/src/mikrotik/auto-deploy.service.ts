import { Inject, Injectable, Logger, type OnApplicationBootstrap, type BeforeApplicationShutdown } from '@nestjs/common';
import { In, IsNull, Not } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { Database } from '../database/database';
import { DeploymentJobEntity, PeerEntity, StateChangeEntity } from '../database/entities';
import { JobRepository } from '../jobs/job.repository';
import { DesiredConfigSource } from './desired-config.source';
import { MikrotikService } from './mikrotik.service';

const BATCH = 500;

/**
 * Deploys auto-deploy routers when their desired state changes. It follows the state_change
 * outbox with its own cursor (it never marks rows processed; the publisher owns that), waits
 * until a WAN has been quiet for the debounce window, and then queues a deployment only for
 * routers whose compiled state differs from what their last successful deployment applied and
 * that have no deployment waiting already.
 */
@Injectable()
export class AutoDeployService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AutoDeploy');
  private cursor: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private reading: Promise<void> | null = null;
  private readonly debounce = new Map<string, NodeJS.Timeout>();
  private readonly evaluating = new Set<Promise<void>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Database) private readonly database: Database,
    @Inject(JobRepository) private readonly jobs: JobRepository,
    @Inject(DesiredConfigSource) private readonly desired: DesiredConfigSource,
    @Inject(MikrotikService) private readonly mikrotik: MikrotikService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Changes made while no control plane ran are caught by the drift check, not replayed here.
    const [row] = await this.database.manager.query(`SELECT COALESCE(MAX(id), 0)::text AS id FROM state_change`);
    this.cursor = (row as { id: string }).id;
    this.timer = setInterval(() => this.readOutbox(), this.config.jobs.pollIntervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (const timer of this.debounce.values()) clearTimeout(timer);
    this.debounce.clear();
    await this.reading;
    await Promise.allSettled([...this.evaluating]);
  }

  private readOutbox(): void {
    if (this.reading || this.cursor === null) return;
    this.reading = this.readNewChanges()
      .catch((error: unknown) => this.logger.warn(`Reading desired-state changes failed: ${(error as Error).message}`))
      .finally(() => {
        this.reading = null;
      });
  }

  private async readNewChanges(): Promise<void> {
    const rows = await this.database.manager
      .createQueryBuilder(StateChangeEntity, 'change')
      .select(['change.id', 'change.wanId'])
      .where('change.id > :cursor', { cursor: this.cursor })
      .orderBy('change.id', 'ASC')
      .limit(BATCH)
      .getMany();
    if (rows.length === 0) return;
    this.cursor = rows[rows.length - 1]!.id;
    for (const wanId of new Set(rows.map((row) => row.wanId))) this.schedule(wanId);
  }

  /** Restarts the WAN's quiet window: a burst of edits becomes one deployment per router. */
  private schedule(wanId: string): void {
    const pending = this.debounce.get(wanId);
    if (pending) clearTimeout(pending);
    const timer = setTimeout(() => {
      this.debounce.delete(wanId);
      const work = this.deployChanged(wanId)
        .catch((error: unknown) => this.logger.warn(`Auto-deploy for WAN ${wanId} failed: ${(error as Error).message}`))
        .finally(() => this.evaluating.delete(work));
      this.evaluating.add(work);
    }, this.config.jobs.autoDeployDebounceMs);
    timer.unref();
    this.debounce.set(wanId, timer);
  }

  private async deployChanged(wanId: string): Promise<void> {
    const routers = await this.database.manager.find(PeerEntity, {
      where: { wanId, type: 'mikrotik', mikrotikAutoDeploy: true, mikrotikManagementIp: Not(IsNull()) },
      select: { id: true },
    });
    if (routers.length === 0) return;
    const states = await this.desired.forPeers(wanId, routers.map((r) => r.id));
    const applied = await this.lastAppliedHashes(routers.map((r) => r.id));
    const changed = [...states].filter(([peerId, state]) => applied.get(peerId) !== state.contentHash).map(([peerId]) => peerId);
    if (changed.length === 0) return;
    const queued = await this.mikrotik.queue(async (tx) => {
      // Locking the routers' rows makes a second replica's identical decision wait and then see our job.
      await tx.find(PeerEntity, { where: { id: In(changed) }, select: { id: true }, lock: { mode: 'pessimistic_write' } });
      const fresh: string[] = [];
      for (const peerId of changed) if (!(await this.jobs.hasPending(tx, peerId, 'deploy-config'))) fresh.push(peerId);
      return fresh.map((peerId) => ({ wanId, peerId, jobType: 'deploy-config' as const, parameters: { force: false, trigger: 'auto-deploy' } }));
    });
    if (queued.length > 0) this.logger.log(`Auto-deploy queued ${queued.length} deployment(s) in WAN ${wanId}`);
  }

  /** The desired-state hash each router's last successful deployment applied. */
  private async lastAppliedHashes(peerIds: readonly string[]): Promise<Map<string, string>> {
    const jobs = await this.database.manager.find(DeploymentJobEntity, {
      where: { peerId: In([...peerIds]), jobType: In(['deploy-config', 'reconcile']), status: 'completed' },
      select: { peerId: true, result: true, completedAt: true },
      order: { completedAt: 'DESC' },
    });
    const hashes = new Map<string, string>();
    for (const job of jobs) {
      const hash = job.result?.['desiredHash'];
      if (!hashes.has(job.peerId) && typeof hash === 'string') hashes.set(job.peerId, hash);
    }
    return hashes;
  }
}
