import { ConfigError } from '../config/app-config-error';

/** Where the control plane may send router requests. */
export interface RouterTargetsConfig {
  /**
   * ROUTER_ALLOW_LOOPBACK=true lets routers live on 127.0.0.0/8 and ::1: for labs and tests
   * that run emulated routers beside the control plane. Off by default, because a loopback
   * router address makes the control plane call itself with the router's credentials.
   */
  readonly allowLoopback: boolean;
}

type Read = <T>(name: string, fallback: T, parse: (raw: string) => T) => T;

/** Reads ROUTER_ALLOW_LOOPBACK through app-config's collector. */
export function readRouterTargetsConfig(read: Read): RouterTargetsConfig {
  return {
    allowLoopback: read('ROUTER_ALLOW_LOOPBACK', false, (raw) => {
      if (raw !== 'true' && raw !== 'false') throw new ConfigError('ROUTER_ALLOW_LOOPBACK', `expected true or false, got "${raw}".`);
      return raw === 'true';
    }),
  };
}
