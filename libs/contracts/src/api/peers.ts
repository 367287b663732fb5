import type { PeerType, ServiceProtocol } from './domain-vocabulary';
import type { RouterHealthFigures } from './monitoring';

export type DeploymentMode = 'agent' | 'mikrotik-api' | 'mikrotik-script' | 'config-file';

export interface SubnetResponse {
  readonly id: string;
  readonly cidr: string;
  readonly isRouted: boolean;
  readonly natEnabled: boolean;
  readonly natTranslatedCidr: string | null;
  readonly description: string;
}

/** How the product reaches a MikroTik peer's REST API; the password is never returned. */
export interface MikrotikSettingsResponse {
  readonly managementIp: string | null;
  readonly apiPort: number;
  readonly username: string | null;
  readonly hasPassword: boolean;
  readonly useSsl: boolean;
  readonly verifyCert: boolean;
  readonly hasCaCertificate: boolean;
  readonly autoDeploy: boolean;
  readonly interfaceName: string;
  /** connected, auth-failed, unreachable, incompatible, unknown, or agent-offline (unknown: the site agent that reaches it is not reporting). */
  readonly apiStatus: string;
  readonly lastApiCheck: string | null;
  /** The site agent that alone reaches this router and runs its jobs and health reads; null when the control plane reaches it itself. */
  readonly executorAgentId: string | null;
  readonly routerIdentity: string | null;
  readonly routerosVersion: string | null;
  /** The last good health reading (CPU, memory, uptime, board); null until the router answered once. */
  readonly health: RouterHealthFigures | null;
}

export interface PeerResponse {
  readonly id: string;
  readonly wanId: string;
  readonly name: string;
  readonly type: PeerType;
  readonly publicKey: string | null;
  readonly hasPrivateKey: boolean;
  /** The newest generated configuration waits for someone to apply it by hand (spec §9.4). */
  readonly pendingManualApplication: boolean;
  readonly tunnelIp: string;
  readonly endpoint: string | null;
  readonly listenPort: number | null;
  readonly persistentKeepalive: number | null;
  readonly deploymentMode: DeploymentMode;
  readonly isOnline: boolean;
  readonly lastSeen: string | null;
  readonly tags: readonly string[];
  readonly desiredRevision: number;
  readonly appliedRevision: number;
  readonly subnets: readonly SubnetResponse[];
  /** Router access settings and API status; null for peers that are not MikroTik routers. */
  readonly mikrotik: MikrotikSettingsResponse | null;
  /** Set while a deleted peer waits for its undeploy job to clean its router; null otherwise. */
  readonly removal: PeerRemoval | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A deleted peer's removal from its device, in progress. */
export interface PeerRemoval {
  readonly requestedAt: string;
  /** Undeploy jobs run so far; a failed one is retried after a wait that doubles each time. */
  readonly attempts: number;
  /** Why the last attempt failed, or null. */
  readonly lastError: string | null;
}

/**
 * The answer (202) of a delete with jobs to run on devices: "removing" while the object waits
 * for its own device to be clean, "removed" when it is gone and other routers are being updated.
 */
export interface RemovalResponse {
  readonly status: 'removing' | 'removed';
  readonly jobIds: readonly string[];
}

export interface ServiceResponse {
  readonly id: string;
  readonly wanId: string;
  readonly peerId: string;
  readonly name: string;
  readonly description: string;
  readonly localIp: string;
  readonly localPort: number;
  readonly sharedIp: string;
  readonly sharedPort: number;
  readonly protocol: ServiceProtocol;
  readonly isActive: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** One WireGuard link of a peer as the last router reading saw it. */
export interface TunnelLinkStatus {
  readonly remotePeerId: string;
  readonly remotePeerName: string;
  readonly lastHandshake: string | null;
  /** Seconds since the last handshake when the answer was made; null if there never was one. */
  readonly handshakeAgeSeconds: number | null;
  /** A handshake within the last 3 minutes. */
  readonly up: boolean;
}

/** The peer's tunnels, apart from whether its management API answers. */
export interface TunnelStatus {
  /** up: a link had a handshake in the last 3 minutes; down: links were seen, none recently; unknown: no link reported yet. */
  readonly state: 'up' | 'down' | 'unknown';
  /** The newest handshake over all links. */
  readonly lastHandshake: string | null;
  readonly handshakeAgeSeconds: number | null;
  readonly linksUp: number;
  readonly links: readonly TunnelLinkStatus[];
}

/**
 * One peer with its status split in two: whether its management API answers, and whether its
 * tunnels carry handshakes. `isOnline` of an API-managed router means its tunnel is up.
 */
export interface PeerDetailResponse extends PeerResponse {
  /** The router's REST API answered the last read; null for peers without one. */
  readonly apiReachable: boolean | null;
  readonly tunnel: TunnelStatus;
}
