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
export async function closedLoopLoad(baseUrl: string, options: { connections: number; durationMs: number; path: () => string; headers?: Record<string, string> }): Promise<LoadResult> {
  const pool = new Pool(baseUrl, { connections: options.connections, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const until = started + options.durationMs;
  const worker = async () => {
    while (performance.now() < until) {
      const sent = performance.now();
      const res = await pool.request({ method: 'GET', path: options.path(), headers: options.headers ?? {} });
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

/**
 * An open-loop load generator: requests are sent at a fixed `rate` per second over a pool of
 * `connections`, whatever the answers' pace, and each latency counts from the moment the
 * request was due. A slow server therefore shows its queueing instead of hiding it (no
 * coordinated omission). Bounded by `durationMs`, then by the answers still in flight.
 */
export async function openLoopLoad(baseUrl: string, options: { connections: number; rate: number; durationMs: number; path: () => string; headers?: Record<string, string> }): Promise<LoadResult> {
  const pool = new Pool(baseUrl, { connections: options.connections, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const total = Math.floor((options.rate * options.durationMs) / 1000);
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      pool.request({ method: 'GET', path: options.path(), headers: options.headers ?? {} }).then(async (res) => {
        await res.body.arrayBuffer();
        latencies.push(performance.now() - due);
        if (res.statusCode !== 200) errors++;
      }),
    );
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return { requests: latencies.length, errors, seconds, rps: latencies.length / seconds, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}
