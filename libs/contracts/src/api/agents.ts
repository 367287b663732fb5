import type { PeerType } from './domain-vocabulary';

export type AgentStatus = 'pending' | 'active' | 'revoked';
export type EnrollmentTokenState = 'active' | 'expired' | 'revoked' | 'used';

/** An enrollment token as listed; the secret itself is returned once, by create. */
export interface EnrollmentTokenResponse {
  readonly id: string;
  readonly wanId: string;
  readonly peerId: string | null;
  readonly name: string;
  /** The first characters of the secret, to tell tokens apart. */
  readonly tokenPrefix: string;
  readonly peerType: PeerType;
  readonly tags: readonly string[];
  readonly nameTemplate: string;
  readonly maxUses: number;
  readonly useCount: number;
  readonly requiresApproval: boolean;
  readonly expiresAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
  readonly state: EnrollmentTokenState;
  readonly createdAt: string;
}

/** Create's answer: the only time the secret is shown. */
export interface CreatedEnrollmentTokenResponse extends EnrollmentTokenResponse {
  readonly token: string;
}

export interface AgentResponse {
  readonly id: string;
  readonly peerId: string;
  readonly peerName: string | null;
  readonly wanId: string | null;
  readonly status: AgentStatus;
  readonly online: boolean;
  readonly hostname: string | null;
  readonly version: string | null;
  readonly interfaceName: string | null;
  readonly desiredRevision: number;
  readonly appliedRevision: number;
  readonly lastSeenAt: string | null;
  readonly lastApplyAt: string | null;
  readonly lastError: string | null;
  readonly drift: { readonly detectedAt: string; readonly items: number; readonly reconciled: boolean } | null;
  readonly natsPublicKey: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
}
