import type { PeerType } from './wan.model';

/**
 * What one peer should look like, compiled from a {@link TopologySnapshot}. It holds no
 * secrets: devices keep their own private keys, and renderers take a key as an option when
 * a config file must carry one.
 */
export interface DesiredState {
  readonly peerId: string;
  readonly wanId: string;
  readonly peerName: string;
  readonly peerType: PeerType;
  readonly interface: InterfaceState;
  /** One entry per WireGuard peer, ordered by the remote's tunnel address. */
  readonly peers: readonly WireGuardPeerEntry[];
  /**
   * Every CIDR destination routed into the interface, the tunnel range included (addresses
   * are /32, as in spec §8.1). WireGuard picks the peer by allowed IPs. Plain strings,
   * because a hub-spoke WAN shares one list between a spoke's hub entry and its routes.
   */
  readonly routes: readonly string[];
  readonly firewall: FirewallState;
  /** Port forwards from shared addresses to local services (spec §4.3.2). */
  readonly serviceNat: readonly ServiceNatRule[];
  /** 1:1 prefix translation of subnets that conflict elsewhere in the WAN (spec §4.4.3). */
  readonly netmap: readonly NetmapRule[];
  /** Changes whenever anything above changes; equal states have equal hashes. */
  readonly contentHash: string;
}

export interface InterfaceState {
  readonly name: string;
  /** Null lets the device pick a port (roaming clients). */
  readonly listenPort: number | null;
  readonly mtu: number | null;
  /** CIDR strings: the tunnel address as /32, then the shared IPs this peer owns, as /32. */
  readonly addresses: readonly string[];
  readonly dns: readonly string[];
  /** The tunnel address alone, without a prefix. */
  readonly tunnelIp: string;
  /** The WAN's tunnel range. */
  readonly tunnelRange: string;
}

export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

export interface WireGuardPeerEntry {
  readonly peerId: string;
  readonly name: string;
  readonly publicKey: string;
  readonly endpoint: Endpoint | null;
  readonly persistentKeepalive: number | null;
  /**
   * Canonical order: the remote's tunnel addressing first, then shared IPs, then subnets.
   * Arrays may be shared between states, so never mutate one.
   */
  readonly allowedIps: readonly string[];
}

export interface FirewallState {
  /** Remote traffic this peer forwards from the tunnel back into the tunnel (hubs). */
  readonly relay: boolean;
  /** Local destinations the WAN may reach through this peer (real, untranslated CIDRs). */
  readonly localDestinations: readonly string[];
}

export interface ServiceNatRule {
  readonly serviceId: string;
  readonly name: string;
  readonly protocols: readonly ('tcp' | 'udp')[];
  readonly sharedIp: string;
  readonly sharedPort: number;
  readonly localIp: string;
  readonly localPort: number;
}

export interface NetmapRule {
  readonly subnetId: string;
  readonly realCidr: string;
  readonly translatedCidr: string;
}

/** Something the compiler could not honour, reported rather than thrown. */
export interface CompileIssue {
  readonly code: CompileIssueCode;
  /** The peer whose state the issue is about; null for the WAN as a whole. */
  readonly peerId: string | null;
  readonly message: string;
  /** The other peer involved, where there is one (`ROUTE.OWN_SUBNET_EXCLUDED`: the remote routing `prefix`). */
  readonly remotePeerId?: string;
  /** The prefix the issue is about (`ROUTE.OWN_SUBNET_EXCLUDED`: the remote prefix left out in whole or in part). */
  readonly prefix?: string;
}

export type CompileIssueCode =
  | 'TOPOLOGY.NO_HUB'
  | 'PEER.NO_PUBLIC_KEY'
  | 'PEER.UNREACHABLE'
  | 'PEER.NOT_FOUND'
  | 'SUBNET.NAT_PENDING'
  /**
   * A remote routes a prefix that overlaps one of this peer's own subnets (its real LAN or
   * its translation): this peer routes none of it, or only the parts outside its own
   * subnets, so its LAN stays local. `remotePeerId` and `prefix` say which.
   */
  | 'ROUTE.OWN_SUBNET_EXCLUDED';

export interface CompileResult {
  readonly states: ReadonlyMap<string, DesiredState>;
  readonly issues: readonly CompileIssue[];
}
