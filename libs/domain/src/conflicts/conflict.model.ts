import type { LocalSubnet } from '../model/wan.model';

/**
 * Subnet conflicts of a WAN (spec §4.4.1, §9.2). `critical` means a subnet collides with the
 * WAN's own address ranges; `routing` means two peers' subnets can't both be reached.
 */
export const CONFLICT_SEVERITIES = ['critical', 'routing'] as const;
export type ConflictSeverity = (typeof CONFLICT_SEVERITIES)[number];

/**
 * Why a routing conflict breaks the WAN:
 * - `ambiguous-route`: both subnets are routed and their WAN prefixes overlap, so the WAN
 *   can't tell which peer an address belongs to.
 * - `shadowed-route`: one peer's routed prefix covers another peer's own LAN, so on that
 *   other peer the LAN wins and it can't reach the remote subnet.
 */
export const ROUTING_CONFLICT_KINDS = ['ambiguous-route', 'shadowed-route'] as const;
export type RoutingConflictKind = (typeof ROUTING_CONFLICT_KINDS)[number];

/**
 * The resolutions of spec §4.4.2, in the order the wizard offers them: stop routing the
 * subnet, route it under a NAT translation, renumber a network, route only the parts that
 * don't overlap.
 */
export const CONFLICT_RESOLUTIONS = ['isolate', 'nat-translate', 'change-network', 'selective-routing'] as const;
export type ConflictResolution = (typeof CONFLICT_RESOLUTIONS)[number];

export const WAN_RANGE_KINDS = ['tunnel-range', 'shared-services-range'] as const;
export type WanRangeKind = (typeof WAN_RANGE_KINDS)[number];

/** One local subnet taking part in a conflict. */
export interface SubnetParty {
  readonly kind: 'subnet';
  readonly peerId: string;
  /** The peer's display name, or its id when no name was given. */
  readonly peerName: string;
  readonly subnetId: string;
  /** The subnet as it exists on the peer's LAN. */
  readonly cidr: string;
  /** The prefix the WAN routes for it: its NAT translation if it has one, else `cidr`; null when not routed. */
  readonly routedAs: string | null;
}

/** One of the WAN's own ranges taking part in a critical conflict. */
export interface WanRangeParty {
  readonly kind: WanRangeKind;
  readonly cidr: string;
}

export interface CriticalConflict {
  /** Stable across runs: `critical:<subnetId>:<range kind>:<cidr | nat-translation>`. */
  readonly id: string;
  readonly severity: 'critical';
  readonly a: SubnetParty;
  readonly b: WanRangeParty;
  /** Which prefix of the subnet collides: its LAN (`cidr`) or its NAT translation. */
  readonly via: 'cidr' | 'nat-translation';
  /** The addresses both sides claim, as a CIDR. */
  readonly overlap: string;
  readonly message: string;
  /** Only resolutions that remove this conflict, best first. */
  readonly resolutions: readonly ConflictResolution[];
}

/** A LAN that another peer's route covers; see `shadowed-route`. */
export interface ShadowedLan {
  readonly subnetId: string;
  /** The part of the LAN the other side's route covers. */
  readonly overlap: string;
}

export interface RoutingConflict {
  /** Stable across runs: `routing:<subnetId>:<subnetId>`, the smaller id first. */
  readonly id: string;
  readonly severity: 'routing';
  /** Which cases apply; both when two routed, untranslated subnets overlap. */
  readonly kinds: readonly RoutingConflictKind[];
  /** The party with the smaller subnet id. */
  readonly a: SubnetParty;
  readonly b: SubnetParty;
  /** The ambiguous overlap when there is one, else the first shadowed overlap. */
  readonly overlap: string;
  /** The LANs the other party's route covers, by subnet id; empty when only ambiguous. */
  readonly shadowed: readonly ShadowedLan[];
  readonly message: string;
  readonly resolutions: readonly ConflictResolution[];
}

export type SubnetConflict = CriticalConflict | RoutingConflict;

/** Everything conflict detection looks at; gathered by the caller, no queries. */
export interface ConflictInput {
  readonly tunnelIpRange: string;
  readonly sharedServicesRange: string;
  readonly subnets: readonly LocalSubnet[];
  /** Peer id → display name, used in parties and messages. */
  readonly peerNames?: ReadonlyMap<string, string>;
}

export interface ConflictOptions {
  /** Only conflicts involving this peer's subnets (spec §9.2 `detect_conflicts(peer_id)`). */
  readonly peerId?: string;
}
