import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { Database } from '../database/database';

/**
 * The app's own Prometheus registry, not prom-client's global one: tests boot several apps in
 * one process, and a global registry would refuse the second set of metrics.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(@Inject(Database) database: Database) {
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route template, method and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    // Counted when scraped, so the numbers are never stale and cost nothing between scrapes.
    new Gauge({
      name: 'wom_wans',
      help: 'WAN networks.',
      registers: [this.registry],
      async collect() {
        const [row] = await database.manager.query('SELECT count(*)::int AS n FROM wan_network');
        this.set(Number(row.n));
      },
    });
    new Gauge({
      name: 'wom_peers',
      help: 'Peers by type and online state.',
      labelNames: ['type', 'online'],
      registers: [this.registry],
      async collect() {
        const rows: { type: string; online: boolean; n: number }[] = await database.manager.query('SELECT type, is_online AS online, count(*)::int AS n FROM peer GROUP BY type, is_online');
        this.reset();
        for (const row of rows) this.set({ type: row.type, online: String(row.online) }, Number(row.n));
      },
    });
  }
}
