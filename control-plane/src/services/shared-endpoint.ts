import type { ServiceProtocol } from '@wom/domain';

/** The layer-4 protocols a service's protocol occupies: `both` takes tcp and udp. */
export const protocolsOf = (protocol: ServiceProtocol): readonly ('tcp' | 'udp')[] => (protocol === 'both' ? ['tcp', 'udp'] : [protocol]);

export interface SharedEndpoint {
  readonly id?: string;
  readonly sharedIp: string;
  readonly sharedPort: number;
  readonly protocol: ServiceProtocol;
}

/**
 * The first existing service that already listens where `wanted` would: same shared IP and
 * port, and a protocol in common (`both` clashes with tcp and with udp). The database's
 * unique key only catches the exact triple, so this check is what keeps `both` honest.
 *
 * Example: wanted 10.0.5.1:80/both against [10.0.5.1:80/tcp] → that tcp service.
 */
export function findEndpointClash<T extends SharedEndpoint>(wanted: SharedEndpoint, existing: readonly T[]): T | null {
  const wantedProtocols = protocolsOf(wanted.protocol);
  return (
    existing.find(
      (other) =>
        other.id !== wanted.id &&
        other.sharedIp === wanted.sharedIp &&
        other.sharedPort === wanted.sharedPort &&
        protocolsOf(other.protocol).some((p) => wantedProtocols.includes(p)),
    ) ?? null
  );
}
