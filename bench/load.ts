import { Pool } from 'undici';
import { percentile } from './measure';

export interface LoadResult {
  readonly requests: number;
  readonly errors: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * A closed-loop load generator: `connections` workers, each sending its next request as soon
 * as the previous answer is read, for `durationMs` (bounded), on one keep-alive pool.
 */
export async function closedLoopLoad(baseUrl: string, options: { connections: number; durationMs: number; path: () => string }): Promise<LoadResult> {
  const pool = new Pool(baseUrl, { connections: options.connections, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + options.durationMs;
  const worker = async () => {
    while (performance.now() < until) {
      const sent = performance.now();
      const res = await pool.request({ method: 'GET', path: options.path() });
      await res.body.arrayBuffer();
      latencies.push(performance.now() - sent);
      if (res.statusCode !== 200) errors++;
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return { requests: latencies.length, errors, seconds, rps: latencies.length / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}
