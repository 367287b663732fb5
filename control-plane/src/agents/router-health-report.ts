import type { RouterHealth, WireguardPeerStats } from '@wom/routeros';

/** A router's reading as a site agent sent it, checked field by field: agents are not trusted to send well-formed JSON. */
export interface RouterReading {
  readonly health: RouterHealth;
  readonly stats: readonly WireguardPeerStats[];
}

const MAX_PEERS = 5_000;
const WIREGUARD_KEY = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown, max: number): string | null => (typeof value === 'string' ? value.slice(0, max) : null);
const count = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : null);

/** Parses the health and peer statistics JSON of a RouterHealthReport; throws with the reason when either is not what the agent's engine sends. */
export function parseRouterReading(healthJson: string, peerStatsJson: string): RouterReading {
  const health: unknown = JSON.parse(healthJson);
  if (!isObject(health)) throw new Error('health is not an object');
  const identity = text(health['identity'], 255);
  const version = text(health['version'], 64);
  if (identity === null || version === null) throw new Error('health has no identity or version');
  const cpu = count(health['cpuLoadPercent']);
  const stats: unknown = JSON.parse(peerStatsJson);
  if (!Array.isArray(stats)) throw new Error('peer statistics are not a list');
  return {
    health: {
      identity,
      version,
      board: text(health['board'], 100),
      cpuLoadPercent: cpu === null ? null : Math.min(100, cpu),
      freeMemoryBytes: count(health['freeMemoryBytes']),
      totalMemoryBytes: count(health['totalMemoryBytes']),
      uptime: text(health['uptime'], 64) ?? '',
      uptimeSeconds: count(health['uptimeSeconds']),
    },
    stats: stats.slice(0, MAX_PEERS).flatMap((stat: unknown): WireguardPeerStats[] => {
      if (!isObject(stat) || typeof stat['publicKey'] !== 'string' || !WIREGUARD_KEY.test(stat['publicKey'])) return [];
      const endpoint = stat['currentEndpoint'];
      return [{
        publicKey: stat['publicKey'],
        comment: text(stat['comment'], 255),
        disabled: stat['disabled'] === true,
        lastHandshakeSeconds: count(stat['lastHandshakeSeconds']),
        rxBytes: count(stat['rxBytes']) ?? 0,
        txBytes: count(stat['txBytes']) ?? 0,
        currentEndpoint: isObject(endpoint) && typeof endpoint['address'] === 'string' && typeof endpoint['port'] === 'number' ? { address: endpoint['address'].slice(0, 64), port: endpoint['port'] } : null,
      }];
    }),
  };
}
