import type {
  AgentResponse,
  ApiCallLogResponse,
  ApiKeyResponse,
  AuditEntryResponse,
  ConflictPartyResponse,
  ConflictResponse,
  CreatedApiKeyResponse,
  CreatedEnrollmentTokenResponse,
  DeploymentJobStatus,
  DeploymentJobType,
  EnrollmentTokenResponse,
  JobResponse,
  MeResponse,
  MikrotikSettingsResponse,
  PeerResponse,
  PeerStatusResponse,
  ServiceResponse,
  SubnetResponse,
  TopologyNode as TopologyNodeResponse,
  TopologyResponse,
  UserResponse,
  WanResponse,
  WanStatusResponse,
} from '@wom/contracts';
import type { PeerType } from '@wom/domain';

/**
 * The control plane's API answers under the console's names. The shapes themselves are declared
 * once, in `@wom/contracts`, and shared with the server's response mappers.
 */
export type {
  AgentInstallInfo,
  EnrollmentTokenSubnet,
  ApiErrorBody,
  ApiFieldProblem,
  ConnectionStatus,
  DeploymentMode,
  LoginResponse,
  Page,
  ResolveConflictResponse,
  TopologyEdge,
  UserRole,
} from '@wom/contracts';

export type JobStatus = DeploymentJobStatus;
export type JobType = DeploymentJobType;
export type Me = MeResponse;
export type Wan = WanResponse;
export type Subnet = SubnetResponse;
export type MikrotikSettings = MikrotikSettingsResponse;
export type Peer = PeerResponse;
export type ConflictParty = ConflictPartyResponse;
export type Conflict = ConflictResponse;
export type WanStatus = WanStatusResponse;
export type PeerStatus = PeerStatusResponse;
export type Job = JobResponse;
export type ApiCallLog = ApiCallLogResponse;
export type AuditEntry = AuditEntryResponse;
export type User = UserResponse;
export type Agent = AgentResponse;

/** A service; `natRuleStatus` is not sent by the API today, so the services page falls back to `isActive`. */
export interface Service extends ServiceResponse {
  readonly natRuleStatus?: string | null;
}

export type TopologyNode = TopologyNodeResponse;

export interface Topology extends Omit<TopologyResponse, 'nodes'> {
  readonly nodes: readonly TopologyNode[];
}

/** An API key as listed, or as just created (then with its secret, shown once). */
export type ApiKey = ApiKeyResponse & Partial<Pick<CreatedApiKeyResponse, 'token'>>;

/** An enrollment token as listed, or as just created (then with its secret, shown once). */
export type EnrollmentToken = EnrollmentTokenResponse & Partial<Pick<CreatedEnrollmentTokenResponse, 'token'>>;

/** One stored configuration version of a peer, as the history API lists it. */
export interface HistoryVersion {
  readonly id: string;
  readonly peerId: string;
  readonly version: number;
  readonly configType: string;
  readonly configurationText: string;
  readonly generatedAt: string;
  readonly appliedAt: string | null;
}

/** Create's answer: the secret and the exact install command, shown once. */
export type CreatedEnrollmentToken = CreatedEnrollmentTokenResponse;

/** A configuration template as `GET /api/templates` lists it (the fields the console uses). */
export interface Template {
  /** A slug for built-ins, a UUID for custom templates. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly peerType: PeerType;
  readonly builtIn: boolean;
}
