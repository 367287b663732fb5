import type { ConflictResolution, ConflictSeverity } from './domain-vocabulary';
import type { SubnetResponse } from './peers';

/** A side of a conflict: a peer's subnet, or one of the WAN's own ranges (then only kind and cidr). */
export interface ConflictPartyResponse {
  readonly kind: 'subnet' | 'tunnel-range' | 'shared-services-range';
  readonly cidr: string;
  readonly peerId?: string;
  readonly peerName?: string;
  readonly subnetId?: string;
  /** The prefix the WAN routes for it (its NAT translation if any); null when not routed. */
  readonly routedAs?: string | null;
}

/** A LAN that another peer's route covers. */
export interface ShadowedLanResponse {
  readonly subnetId: string;
  readonly overlap: string;
}

/** A computed (unstored) conflict, as check-conflicts shows it. */
export interface DetectedConflictResponse {
  readonly conflictKey: string;
  readonly severity: ConflictSeverity;
  readonly kinds: readonly string[];
  readonly overlap: string;
  readonly message: string;
  readonly parties: readonly ConflictPartyResponse[];
  readonly resolutions: readonly ConflictResolution[];
}

export interface ConflictResponse extends DetectedConflictResponse {
  readonly id: string;
  readonly wanId: string;
  readonly status: string;
  readonly resolution: string | null;
  readonly shadowed: readonly ShadowedLanResponse[];
  readonly detectedAt: string;
  readonly resolvedAt: string | null;
}

export interface ResolveConflictResponse {
  readonly conflictId: string;
  readonly resolution: ConflictResolution;
  /** The subnets the resolution changed or added, as the peer API shows them. */
  readonly subnets: readonly SubnetResponse[];
  /** Whether part of the conflict was left behind and accepted. */
  readonly residualAccepted: boolean;
  readonly openConflicts: number;
}

/** A subnet as a resolution will leave it; `id` is null for one it adds. */
export interface PlannedSubnetResponse extends Omit<SubnetResponse, 'id'> {
  readonly id: string | null;
  readonly peerId: string;
}

/** A device whose configuration a resolution changes. */
export interface AffectedPeerResponse {
  readonly peerId: string;
  readonly peerName: string;
  readonly peerType: string;
  readonly deploymentMode: string;
}

/**
 * What resolving a conflict would write, computed by the same function that applies it:
 * the chosen subnet before and after, the subnets added, the devices whose configuration
 * changes, and whether part of the conflict would be left behind and accepted.
 */
export interface ResolutionPreviewResponse {
  readonly conflictId: string;
  readonly resolution: ConflictResolution;
  readonly before: SubnetResponse;
  readonly after: PlannedSubnetResponse;
  readonly added: readonly PlannedSubnetResponse[];
  readonly affectedPeers: readonly AffectedPeerResponse[];
  readonly residualAccepted: boolean;
}
