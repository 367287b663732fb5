import type { PeerType } from './domain-vocabulary';

export type AgentStatus = 'pending' | 'active' | 'revoked';
export type EnrollmentTokenState = 'active' | 'expired' | 'revoked' | 'used';

/**
 * A local subnet of the peer a token creates, as the operator gave it (the shape of a peer's
 * `subnets` on creation). Fields left out are decided at enrollment: `isRouted` by the token's
 * template, a NAT translation allocated when `natEnabled` has none.
 */
export interface EnrollmentTokenSubnet {
  readonly cidr: string;
  readonly isRouted?: boolean;
  readonly natEnabled?: boolean;
  readonly natTranslatedCidr?: string;
  readonly description?: string;
}

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
  /** Local subnets of the peer it creates (single-use tokens not bound to a peer only). */
  readonly subnets: readonly EnrollmentTokenSubnet[];
  /** The configuration template of the peer it creates: a built-in slug or a custom template's id. */
  readonly templateId: string | null;
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
  /** The one line to run on the box, with the control plane's PUBLIC_URL: `curl -fsSL …/install/agent.sh | sudo sh -s -- --token …`. */
  readonly installCommand: string;
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

/** The built agent the control plane serves under /install, when it has one. */
export interface AgentExecutableInfo {
  readonly sha256: string;
  readonly sizeBytes: number;
}

/**
 * `GET /api/agents/install`: how boxes reach this control plane, for the console's install
 * command. `warnings` says plainly when agents on other hosts could not reach it, and how to fix it.
 */
export interface AgentInstallInfo {
  /** PUBLIC_URL: what every command and file handed out uses. */
  readonly publicUrl: string;
  /** The installer: `curl -fsSL <scriptUrl> | sudo sh -s -- --token <token>`. */
  readonly scriptUrl: string;
  /** The NATS URLs enrolling agents are given. */
  readonly natsUrls: readonly string[];
  /** False when the public URL, the listen address or NATS is loopback-only. */
  readonly reachableFromOtherHosts: boolean;
  readonly warnings: readonly string[];
  /** The linux-x64 executable, or null when this installation has none built. */
  readonly executable: AgentExecutableInfo | null;
  /** The certificate served over HTTPS, or null over plain HTTP. */
  readonly tls?: AgentInstallTls | null;
}

/** The served certificate as installers see it. */
export interface AgentInstallTls {
  /** SHA-256 of the certificate, lowercase hex: what a browser shows. */
  readonly fingerprintSha256: string;
  /** `sha256//<base64>` of its public key, for `curl --pinnedpubkey` and the installer's `--pin`. */
  readonly publicKeyPin: string;
  /** True when no CA vouches for it: install commands then carry the pin. */
  readonly selfSigned: boolean;
  readonly notAfter: string;
}
