import { ConfigError } from '../config/app-config-error';

/** How often and how widely the control plane reads its routers' health. */
export interface MonitoringConfig {
  /** Seconds between two rounds over every router (MONITOR_INTERVAL_SECONDS); 0 turns monitoring off. */
  readonly intervalSeconds: number;
  /**
   * Routers read at once (MONITOR_CONCURRENCY). Its own bound, not JOB_CONCURRENCY: a read is
   * three GETs, mostly waiting on the network, so 500 routers at 0.8 s each (TLS over a WAN)
   * need about 40 at once to fit in a 10 s interval.
   */
  readonly concurrency: number;
}

type Read = <T>(name: string, fallback: T, parse: (raw: string) => T) => T;

/** Reads MONITOR_INTERVAL_SECONDS and MONITOR_CONCURRENCY through app-config's collector. */
export function readMonitoringConfig(read: Read): MonitoringConfig {
  return {
    intervalSeconds: read('MONITOR_INTERVAL_SECONDS', 10, (raw) => whole('MONITOR_INTERVAL_SECONDS', raw, 0, 86_400)),
    concurrency: read('MONITOR_CONCURRENCY', 50, (raw) => whole('MONITOR_CONCURRENCY', raw, 1, 500)),
  };
}

function whole(name: string, raw: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `expected a whole number from ${min} to ${max}, got "${raw}".`);
  }
  return Number(raw);
}
