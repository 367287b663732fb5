/**
 * The desired network as the control plane stores it (spec §6). These are plain values:
 * the control plane's repositories gather them into a {@link TopologySnapshot}, and every
 * pure function in this library works on that snapshot.
 */

export const TOPOLOGY_TYPES = ['hub-spoke', 'mesh', 'hybrid'] as const;
export type TopologyType = (typeof TOPOLOGY_TYPES)[number];

export const PEER_TYPES = ['mikrotik', 'generic-router', 'server', 'client', 'hub'] as const;
export type PeerType = (typeof PEER_TYPES)[number];

export const SERVICE_PROTOCOLS = ['tcp', 'udp', 'both'] as const;
export type ServiceProtocol = (typeof SERVICE_PROTOCOLS)[number];

export const DEFAULT_TUNNEL_IP_RANGE = '10.0.0.0/24';
export const DEFAULT_SHARED_SERVICES_RANGE = '10.0.5.0/24';
export const DEFAULT_INTERFACE_NAME = 'wg-wan-overlay';
export const DEFAULT_LISTEN_PORT = 51820;
/** Keepalive a peer behind NAT sends when nobody configured one (spec §4.1.2). */
export const DEFAULT_PERSISTENT_KEEPALIVE = 25;

export interface WanNetwork {
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  /** Tunnel addresses, one per peer (spec §3.1.1). */
  readonly tunnelIpRange: string;
  /** Addresses peers claim to publish services (spec §3.1.2). */
  readonly sharedServicesRange: string;
  readonly topologyType: TopologyType;
}

/** Per-peer settings that win over the WAN's and the peer's defaults. */
export interface PeerOverrides {
  readonly interfaceName?: string;
  readonly listenPort?: number;
  readonly mtu?: number;
  readonly dns?: readonly string[];
  readonly persistentKeepalive?: number;
}

export interface MikrotikSettings {
  readonly managementIp: string;
  readonly apiPort: number;
  readonly username: string;
  readonly useSsl: boolean;
  readonly verifyCert: boolean;
  readonly autoDeploy: boolean;
  readonly interfaceName: string;
}

export interface Peer {
  readonly id: string;
  readonly wanId: string;
  readonly name: string;
  readonly type: PeerType;
  /** Null until the device made its own key and reported it (agents and routers). */
  readonly publicKey: string | null;
  readonly tunnelIp: string;
  /** `host:port` where other peers reach it; null behind NAT. */
  readonly endpoint: string | null;
  readonly listenPort: number | null;
  readonly persistentKeepalive: number | null;
  readonly tags: readonly string[];
  readonly overrides?: PeerOverrides;
  readonly mikrotik?: MikrotikSettings;
}

export interface LocalSubnet {
  readonly id: string;
  readonly peerId: string;
  readonly cidr: string;
  /** Whether the WAN may reach this subnet (spec §6.1.3). */
  readonly isRouted: boolean;
  readonly natEnabled: boolean;
  /** Where the WAN sees this subnet when NAT is on (spec §9.3). */
  readonly natTranslatedCidr: string | null;
  readonly description?: string;
}

export interface PublishedService {
  readonly id: string;
  readonly peerId: string;
  readonly name: string;
  readonly description?: string;
  readonly localIp: string;
  readonly localPort: number;
  readonly sharedIp: string;
  readonly sharedPort: number;
  readonly protocol: ServiceProtocol;
  readonly isActive: boolean;
}

/** An explicit direct link between two peers, used by the hybrid topology. */
export interface PeerConnection {
  readonly peerAId: string;
  readonly peerBId: string;
  readonly isActive: boolean;
}

/** Everything the compiler needs about one WAN, gathered once by the control plane. */
export interface TopologySnapshot {
  readonly wan: WanNetwork;
  readonly peers: readonly Peer[];
  readonly subnets: readonly LocalSubnet[];
  readonly services: readonly PublishedService[];
  readonly connections: readonly PeerConnection[];
}
