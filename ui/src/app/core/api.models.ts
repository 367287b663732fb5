import type { ConflictResolution, PeerType, ServiceProtocol, TopologyType } from '@wom/domain';

/** Response shapes of the control plane's API, as its response mappers build them. */

export type UserRole = 'read-only' | 'operator' | 'admin';
export type DeploymentMode = 'agent' | 'mikrotik-api' | 'mikrotik-script' | 'config-file';
export type JobStatus = 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';
export type JobType = 'deploy-config' | 'rollback' | 'verify' | 'test-connection' | 'drift-check' | 'reconcile';

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}

export interface ApiFieldProblem {
  readonly field: string;
  readonly reason: string;
}

/** The one error shape of the API. */
export interface ApiErrorBody {
  readonly code: string;
  readonly message: string;
  readonly fields?: readonly ApiFieldProblem[];
}

export interface Me {
  readonly kind: 'user' | 'api-key' | 'local';
  readonly id: string | null;
  readonly name: string;
  readonly role: UserRole;
  readonly mustChangePassword: boolean;
}

export interface LoginResponse {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
  readonly user: { readonly id: string; readonly username: string; readonly role: UserRole; readonly mustChangePassword: boolean };
}

export interface Wan {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly tunnelIpRange: string;
  readonly sharedServicesRange: string;
  readonly topologyType: TopologyType;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Subnet {
  readonly id: string;
  readonly cidr: string;
  readonly isRouted: boolean;
  readonly natEnabled: boolean;
  readonly natTranslatedCidr: string | null;
  readonly description: string;
}

/** How the product reaches a MikroTik peer's REST API; the password is never returned. */
export interface MikrotikSettings {
  readonly managementIp: string | null;
  readonly apiPort: number;
  readonly username: string | null;
  readonly hasPassword: boolean;
  readonly useSsl: boolean;
  readonly verifyCert: boolean;
  readonly hasCaCertificate?: boolean;
  readonly autoDeploy: boolean;
  readonly interfaceName: string;
  readonly apiStatus: string;
  readonly lastApiCheck: string | null;
  readonly routerIdentity: string | null;
  readonly routerosVersion: string | null;
}

export interface Peer {
  readonly id: string;
  readonly wanId: string;
  readonly name: string;
  readonly type: PeerType;
  readonly publicKey: string | null;
  readonly hasPrivateKey: boolean;
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
  readonly subnets: readonly Subnet[];
  /** Only for MikroTik peers. */
  readonly mikrotik?: MikrotikSettings | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface Service {
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
  readonly natRuleStatus?: string | null;
}

export interface ConflictParty {
  readonly kind: 'subnet' | 'tunnel-range' | 'shared-services-range';
  readonly peerId?: string;
  readonly peerName?: string;
  readonly subnetId?: string;
  readonly cidr: string;
  readonly routedAs?: string | null;
}

export interface Conflict {
  readonly id: string;
  readonly wanId: string;
  readonly conflictKey: string;
  readonly severity: 'critical' | 'routing';
  readonly kinds: readonly string[];
  readonly status: string;
  readonly resolution: string | null;
  readonly overlap: string;
  readonly message: string;
  readonly parties: readonly ConflictParty[];
  readonly resolutions: readonly ConflictResolution[];
  readonly detectedAt: string;
  readonly resolvedAt: string | null;
}

export interface ResolveConflictResponse {
  readonly conflictId: string;
  readonly resolution: ConflictResolution;
  readonly subnets: readonly Subnet[];
  readonly residualAccepted: boolean;
  readonly openConflicts: number;
}

export interface TopologyNode {
  readonly id: string;
  readonly name: string;
  readonly type: PeerType;
  readonly tunnelIp: string;
  readonly online: boolean;
  readonly lastSeen: string | null;
  readonly endpoint: string | null;
  readonly mikrotikApi?: boolean;
}

export interface TopologyEdge {
  readonly source: string;
  readonly target: string;
  readonly kind: 'connection' | 'hub' | 'mesh';
  readonly connectionId: string | null;
}

export interface Topology {
  readonly wanId: string;
  readonly topologyType: TopologyType;
  readonly nodes: readonly TopologyNode[];
  readonly edges: readonly TopologyEdge[];
  readonly issues: readonly { readonly code: string; readonly peerId: string | null; readonly message: string }[];
}

export interface WanStatus {
  readonly wanId: string;
  readonly peers: { readonly total: number; readonly online: number; readonly offline: number; readonly byType: Readonly<Record<string, number>> };
  readonly services: { readonly total: number; readonly active: number };
  readonly conflicts: { readonly critical: number; readonly routing: number; readonly resolved: number };
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

export interface PeerStatus {
  readonly peerId: string;
  readonly online: boolean;
  readonly lastSeen: string | null;
  readonly desiredRevision: number;
  readonly appliedRevision: number;
  readonly connections: readonly ConnectionStatus[];
}

export interface JobStep {
  readonly name?: string;
  readonly status?: string;
  readonly message?: string;
  readonly startedAt?: string | null;
  readonly completedAt?: string | null;
}

export interface Job {
  readonly id: string;
  readonly wanId: string | null;
  readonly peerId: string;
  readonly jobType: JobType;
  readonly status: JobStatus;
  readonly progressPercent: number;
  readonly startedAt: string | null;
  readonly completedAt: string | null;
  readonly errorMessage: string | null;
  readonly steps: readonly unknown[];
  readonly operationsLog: readonly unknown[];
  readonly result: Record<string, unknown> | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly createdBy: string | null;
}

export interface ApiCallLog {
  readonly id: string;
  readonly deploymentJobId: string | null;
  readonly peerId: string;
  readonly method: string;
  readonly endpoint: string;
  readonly requestBody: unknown;
  readonly responseStatus: number | null;
  readonly responseBody: unknown;
  readonly errorMessage: string | null;
  readonly durationMs: number | null;
  readonly timestamp: string;
}

export interface HistoryVersion {
  readonly id: string;
  readonly peerId: string;
  readonly version: number;
  readonly configType: string;
  readonly configurationText: string;
  readonly generatedAt: string;
  readonly appliedAt: string | null;
}

export interface AuditEntry {
  readonly id: string;
  readonly at: string;
  readonly actor: { readonly type: string; readonly id: string | null; readonly name: string | null };
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string | null;
  readonly wanId: string | null;
  readonly ip: string | null;
  readonly requestId: string | null;
}

export interface User {
  readonly id: string;
  readonly username: string;
  readonly role: UserRole;
  readonly disabled: boolean;
  readonly mustChangePassword: boolean;
  readonly lastLoginAt: string | null;
  readonly createdAt: string;
}

export interface ApiKey {
  readonly id: string;
  readonly name: string;
  readonly role: UserRole;
  readonly display: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
  readonly token?: string;
}

/** An enrollment token as listed; the secret itself is returned once, by create. */
export interface EnrollmentToken {
  readonly id: string;
  readonly wanId: string;
  readonly peerId: string | null;
  readonly name: string;
  readonly tokenPrefix: string;
  readonly peerType: string;
  readonly maxUses: number;
  readonly useCount: number;
  readonly requiresApproval: boolean;
  readonly expiresAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
  readonly state: 'active' | 'expired' | 'revoked' | 'used';
  readonly createdAt: string;
  readonly token?: string;
}

export interface Agent {
  readonly id: string;
  readonly peerId: string;
  readonly peerName: string | null;
  readonly wanId: string | null;
  readonly status: 'pending' | 'active' | 'revoked';
  readonly online: boolean;
  readonly hostname: string | null;
  readonly version: string | null;
  readonly desiredRevision: number;
  readonly appliedRevision: number;
  readonly lastSeenAt: string | null;
  readonly lastApplyAt: string | null;
  readonly lastError: string | null;
  readonly drift: { readonly detectedAt: string; readonly items: number; readonly reconciled: boolean } | null;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}
