import { encodeWireGuardKey } from '../keys/wireguard-keys';
import type { LocalSubnet, Peer, PeerType, PublishedService, TopologySnapshot, TopologyType } from '../model/wan.model';
import { formatCidr, formatIpv4, parseIpv4 } from '../net/ipv4';

/** A stand-in public key for peer `index`: valid base64 of 32 bytes, unique per index. */
export function syntheticPublicKey(index: number): string {
  const bytes = new Uint8Array(32);
  for (let i = 0; i < 32; i++) bytes[i] = (Math.imul(index + 1, 2654435761 + i * 40503) >>> (i % 24)) & 255;
  return encodeWireGuardKey(bytes);
}

export const syntheticId = (kind: number, index: number) =>
  `00000000-0000-4000-8${kind.toString(16).padStart(3, '0')}-${index.toString(16).padStart(12, '0')}`;

export interface SyntheticWanOptions {
  readonly topology: TopologyType;
  readonly peers: number;
  /** How many of the peers are hubs (they come first). */
  readonly hubs?: number;
  /** Every nth peer has a routed /24 (1 = all, 0 = none). */
  readonly subnetEvery?: number;
  /** Every nth peer publishes a service (0 = none). */
  readonly serviceEvery?: number;
  /** Every nth peer sits behind NAT, without an endpoint (0 = none). */
  readonly natEvery?: number;
}

/**
 * A deterministic WAN of any size for tests and benchmarks. Tunnel addresses come from
 * 10.64.0.0/16 (or 10.0.0.0/24 when it fits), shared services from 10.65.0.0/16, and site
 * subnets are /24s from 10.128.0.0/9.
 */
export function syntheticWan(options: SyntheticWanOptions): TopologySnapshot {
  const small = options.peers <= 250;
  const tunnelBase = parseIpv4(small ? '10.0.0.0' : '10.64.0.0');
  const sharedBase = parseIpv4(small ? '10.0.5.0' : '10.65.0.0');
  const wanId = syntheticId(0, 0);
  const peers: Peer[] = [];
  const subnets: LocalSubnet[] = [];
  const services: PublishedService[] = [];
  for (let i = 0; i < options.peers; i++) {
    const isHub = i < (options.hubs ?? 0);
    const behindNat = !isHub && options.natEvery ? i % options.natEvery === 0 : false;
    const type: PeerType = isHub ? 'hub' : (['mikrotik', 'server', 'generic-router', 'client'] as const)[i % 4]!;
    const id = syntheticId(1, i);
    peers.push({
      id,
      wanId,
      name: `${type}-${i}`,
      type,
      publicKey: syntheticPublicKey(i),
      tunnelIp: formatIpv4(tunnelBase + 1 + i),
      endpoint: behindNat ? null : `198.18.${(i >> 8) & 255}.${i & 255}:51820`,
      listenPort: behindNat ? null : 51820,
      persistentKeepalive: null,
      tags: [],
    });
    if (options.subnetEvery && i % options.subnetEvery === 0) {
      subnets.push({
        id: syntheticId(2, i),
        peerId: id,
        cidr: formatCidr({ base: parseIpv4('10.128.0.0') + i * 256, length: 24 }),
        isRouted: true,
        natEnabled: false,
        natTranslatedCidr: null,
      });
    }
    if (options.serviceEvery && i % options.serviceEvery === 0) {
      services.push({
        id: syntheticId(3, i),
        peerId: id,
        name: `svc-${i}`,
        localIp: formatIpv4(parseIpv4('10.128.0.10') + i * 256),
        localPort: 8080,
        sharedIp: formatIpv4(sharedBase + 1 + services.length),
        sharedPort: 80,
        protocol: 'tcp',
        isActive: true,
      });
    }
  }
  return {
    wan: {
      id: wanId,
      name: `synthetic-${options.topology}-${options.peers}`,
      tunnelIpRange: formatCidr({ base: tunnelBase, length: small ? 24 : 16 }),
      sharedServicesRange: formatCidr({ base: sharedBase, length: small ? 24 : 16 }),
      topologyType: options.topology,
    },
    peers,
    subnets,
    services,
    connections: [],
  };
}
