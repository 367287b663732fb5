import { formatCidr, isIpv4, parseCidr } from '@wom/domain';
import type { WireGuardDevice, WireGuardDevicePeer } from './wireguard-dump.parser';

/** A peer as the device should hold it; the endpoint is already resolved to `ip:port`. */
export interface DesiredWireGuardPeer {
  readonly publicKey: string;
  /** Null leaves the device free to learn the endpoint from the peer (it roams or sits behind NAT). */
  readonly endpoint: string | null;
  readonly persistentKeepalive: number | null;
  readonly allowedIps: readonly string[];
}

export type PeerField = 'endpoint' | 'persistentKeepalive' | 'allowedIps';

export type PeerChange =
  | { readonly kind: 'add'; readonly peer: DesiredWireGuardPeer }
  | { readonly kind: 'update'; readonly peer: DesiredWireGuardPeer; readonly fields: readonly PeerField[] }
  | { readonly kind: 'remove'; readonly publicKey: string };

/** `10.0.0.1/32` for any spelling of an IPv4 CIDR; other text is kept as it is. */
export function canonicalCidr(cidr: string): string {
  const [address] = cidr.split('/');
  return address !== undefined && isIpv4(address) ? formatCidr(parseCidr(cidr)) : cidr.toLowerCase();
}

export function sameCidrSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a.map(canonicalCidr));
  const right = new Set(b.map(canonicalCidr));
  return left.size === right.size && [...left].every((cidr) => right.has(cidr));
}

/** The fields of `actual` that differ from `desired`; an endpoint the device learned is not a difference when none is desired. */
export function differingPeerFields(desired: DesiredWireGuardPeer, actual: WireGuardDevicePeer): PeerField[] {
  const fields: PeerField[] = [];
  if (desired.endpoint !== null && desired.endpoint !== actual.endpoint) fields.push('endpoint');
  if ((desired.persistentKeepalive ?? null) !== actual.persistentKeepalive) fields.push('persistentKeepalive');
  if (!sameCidrSet(desired.allowedIps, actual.allowedIps)) fields.push('allowedIps');
  return fields;
}

/**
 * The peer-level edits that turn `actual` into `desired`, touching nothing that already
 * matches. Additions and updates come before removals, so an allowed IP that moves from a
 * leaving peer to a new one is taken over before the old peer goes.
 *
 * @example diffWireGuardPeers([{ publicKey: K, endpoint: null, persistentKeepalive: null, allowedIps: ['10.0.0.2/32'] }], [])
 * // → [{ kind: 'add', peer: … }]
 */
export function diffWireGuardPeers(desired: readonly DesiredWireGuardPeer[], actual: readonly WireGuardDevicePeer[]): PeerChange[] {
  const actualByKey = new Map(actual.map((peer) => [peer.publicKey, peer]));
  const desiredKeys = new Set<string>();
  const changes: PeerChange[] = [];
  for (const peer of desired) {
    desiredKeys.add(peer.publicKey);
    const current = actualByKey.get(peer.publicKey);
    if (current === undefined) {
      changes.push({ kind: 'add', peer });
      continue;
    }
    const fields = differingPeerFields(peer, current);
    if (fields.length > 0) changes.push({ kind: 'update', peer, fields });
  }
  for (const peer of actual) {
    if (!desiredKeys.has(peer.publicKey)) changes.push({ kind: 'remove', publicKey: peer.publicKey });
  }
  return changes;
}

/**
 * The `wg set <interface> …` arguments for a list of changes: one invocation, so the device
 * takes every edit in one go. Only the differing fields of an update are sent, and the
 * listen port is never part of it (wireguard-go rebinds its socket whenever it is sent).
 */
export function wgSetPeerArguments(changes: readonly PeerChange[]): string[] {
  const args: string[] = [];
  for (const change of changes) {
    if (change.kind === 'remove') {
      args.push('peer', change.publicKey, 'remove');
      continue;
    }
    const fields: readonly PeerField[] = change.kind === 'add' ? ['endpoint', 'persistentKeepalive', 'allowedIps'] : change.fields;
    const { peer } = change;
    args.push('peer', peer.publicKey);
    if (fields.includes('endpoint') && peer.endpoint !== null) args.push('endpoint', peer.endpoint);
    if (fields.includes('persistentKeepalive')) args.push('persistent-keepalive', peer.persistentKeepalive === null ? 'off' : String(peer.persistentKeepalive));
    if (fields.includes('allowedIps')) args.push('allowed-ips', peer.allowedIps.map(canonicalCidr).join(','));
  }
  return args;
}

export interface InterfaceSettingsChange {
  /** Set only when the device holds a different key: sending it again changes nothing but costs a handshake check. */
  readonly privateKey: string | null;
  /** Set only when it differs: wireguard-go rebinds its UDP socket each time it receives a port. */
  readonly listenPort: number | null;
}

export function diffInterfaceSettings(
  desired: { readonly privateKey: string; readonly listenPort: number | null },
  actual: Pick<WireGuardDevice, 'privateKey' | 'listenPort'>,
): InterfaceSettingsChange {
  return {
    privateKey: desired.privateKey === actual.privateKey ? null : desired.privateKey,
    listenPort: desired.listenPort === null || desired.listenPort === actual.listenPort ? null : desired.listenPort,
  };
}
