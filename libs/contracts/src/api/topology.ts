import type { DeploymentMode } from './peers';
import type { CompileIssue, PeerType, TopologyType } from './domain-vocabulary';

export interface TopologyNode {
  readonly id: string;
  readonly name: string;
  readonly type: PeerType;
  readonly tunnelIp: string;
  readonly online: boolean;
  readonly lastSeen: string | null;
  readonly endpoint: string | null;
  /** How the peer gets its configuration: `mikrotik-api` marks a router the product manages. */
  readonly deploymentMode: DeploymentMode;
  /** For MikroTik routers, the last API status (`connected`, `auth-failed`, …); null otherwise. */
  readonly mikrotikApiStatus: string | null;
}

export interface TopologyEdge {
  readonly source: string;
  readonly target: string;
  /** `connection` for an explicit peer connection, `hub` when a hub is on either end, else `mesh`. */
  readonly kind: 'connection' | 'hub' | 'mesh';
  readonly connectionId: string | null;
  /** Seconds since the link's last handshake as a router reported it; null: reported, never shook hands; absent: not reported. */
  readonly handshakeAgeSeconds?: number | null;
}

export interface TopologyResponse {
  readonly wanId: string;
  readonly topologyType: TopologyType;
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
  readonly issues: readonly CompileIssue[];
}

export interface WanStatusResponse {
  readonly wanId: string;
  readonly peers: { readonly total: number; readonly online: number; readonly offline: number; readonly byType: Readonly<Record<string, number>> };
  readonly services: { readonly total: number; readonly active: number };
  readonly conflicts: { readonly critical: number; readonly routing: number; readonly resolved: number };
  /** When the WAN's desired state last changed, or null. */
  readonly lastChange: string | null;
}

export interface ConnectionStatus {
  readonly connectionId: string;
  readonly remotePeerId: string;
  readonly isActive: boolean;
  readonly lastHandshake: string | null;
  readonly rxBytes: number;
  readonly txBytes: number;
}

export interface PeerStatusResponse {
  readonly peerId: string;
  readonly online: boolean;
  readonly lastSeen: string | null;
  readonly desiredRevision: number;
  readonly appliedRevision: number;
  readonly connections: readonly ConnectionStatus[];
}

export interface ConnectionResponse {
  readonly id: string;
  readonly peerAId: string;
  readonly peerBId: string;
  readonly isActive: boolean;
}
