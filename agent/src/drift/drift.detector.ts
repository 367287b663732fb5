import { describeNftTable } from '@wom/renderers';
import type { LinkInfo, MarkedRoute } from '../linux/address-route.diff';
import { diffAddresses, diffRoutes } from '../linux/address-route.diff';
import type { NftRecord } from '../linux/nft-table.plan';
import { recordVouchesFor } from '../linux/nft-table.plan';
import type { PreparedState } from '../linux/prepared-state';
import type { WireGuardDevice } from '../linux/wireguard-dump.parser';
import { canonicalCidr, diffWireGuardPeers } from '../linux/wireguard-peer.diff';

export type DriftKind = 'unknown' | 'missing' | 'mismatched';
export type DriftArea = 'interface' | 'wireguard-peer' | 'address' | 'route' | 'nftables' | 'forwarding';

/** One difference between the system and the applied desired state. */
export interface DriftItem {
  readonly kind: DriftKind;
  readonly area: DriftArea;
  /** What differs: a public key, a CIDR, a table or a setting. */
  readonly key: string;
  readonly expected: string;
  readonly actual: string;
}

/** Everything drift looks at, read from the system in one pass. */
export interface SystemObservation {
  readonly link: LinkInfo | null;
  readonly device: WireGuardDevice | null;
  readonly addresses: readonly string[];
  /** Marked routes on the instance's own interface; any other device's are not its business. */
  readonly ownedRoutes: readonly MarkedRoute[];
  /** The instance's own table, `prepared.nftTable`. */
  readonly nftListing: string | null;
  readonly forwarding: string;
}

/**
 * Compares what the kernel holds with the applied desired state, in the shape of the seed's
 * drift report: `unknown` is on the system but not desired, `missing` is desired but absent,
 * `mismatched` is in both and different. An endpoint the device learned from a roaming peer
 * is not drift; the instance's own nftables table is compared with the listing taken when it
 * was loaded. Only what the instance owns is looked at: its interface, the marked routes on
 * it, and its own table; another agent's interface, routes and table are never drift.
 */
export function detectDrift(
  prepared: PreparedState,
  observed: SystemObservation,
  expectedPublicKey: string,
  nftRecord: NftRecord | null,
): DriftItem[] {
  const name = prepared.interfaceName;
  if (observed.link === null || observed.device === null) {
    return [{ kind: 'missing', area: 'interface', key: name, expected: 'a WireGuard interface', actual: observed.link ? 'not WireGuard' : 'absent' }];
  }
  const items: DriftItem[] = [];
  const mismatch = (area: DriftArea, key: string, expected: string, actual: string) => items.push({ kind: 'mismatched', area, key, expected, actual });
  if (!observed.link.up) mismatch('interface', `${name}.state`, 'up', 'down');
  if (prepared.mtu !== null && observed.link.mtu !== prepared.mtu) mismatch('interface', `${name}.mtu`, String(prepared.mtu), String(observed.link.mtu));
  if (prepared.listenPort !== null && observed.device.listenPort !== prepared.listenPort) {
    mismatch('interface', `${name}.listenPort`, String(prepared.listenPort), String(observed.device.listenPort));
  }
  // Only the public half is reported: a drift report must never carry the private key.
  if (observed.device.publicKey !== expectedPublicKey) mismatch('interface', `${name}.publicKey`, expectedPublicKey, observed.device.publicKey ?? '(none)');

  const actualPeers = new Map(observed.device.peers.map((peer) => [peer.publicKey, peer]));
  for (const change of diffWireGuardPeers(prepared.peers, observed.device.peers)) {
    if (change.kind === 'add') items.push({ kind: 'missing', area: 'wireguard-peer', key: change.peer.publicKey, expected: describePeer(change.peer), actual: '' });
    if (change.kind === 'remove') {
      items.push({ kind: 'unknown', area: 'wireguard-peer', key: change.publicKey, expected: '', actual: describePeer(actualPeers.get(change.publicKey)!) });
    }
    if (change.kind === 'update') mismatch('wireguard-peer', change.peer.publicKey, describePeer(change.peer), describePeer(actualPeers.get(change.peer.publicKey)!));
  }

  const addresses = diffAddresses(prepared.addresses, observed.addresses);
  for (const cidr of addresses.add) items.push({ kind: 'missing', area: 'address', key: cidr, expected: `on ${name}`, actual: '' });
  for (const cidr of addresses.remove) items.push({ kind: 'unknown', area: 'address', key: cidr, expected: '', actual: `on ${name}` });

  const routes = diffRoutes(prepared.routes, name, observed.ownedRoutes);
  for (const cidr of routes.add) items.push({ kind: 'missing', area: 'route', key: cidr, expected: `dev ${name}`, actual: '' });
  for (const route of routes.remove) items.push({ kind: 'unknown', area: 'route', key: route.destination, expected: '', actual: `dev ${route.device}` });

  const table = describeNftTable(prepared.nftTable);
  if (observed.nftListing === null) items.push({ kind: 'missing', area: 'nftables', key: table, expected: 'loaded', actual: 'absent' });
  else if (nftRecord !== null && !recordVouchesFor(nftRecord, prepared.nftTable, prepared.nftDigest, observed.nftListing)) {
    mismatch('nftables', table, 'as loaded by the agent', 'changed since');
  }
  if (observed.forwarding !== '1') mismatch('forwarding', 'net.ipv4.ip_forward', '1', observed.forwarding);
  return items;
}

interface DescribablePeer {
  readonly endpoint: string | null;
  readonly persistentKeepalive: number | null;
  readonly allowedIps: readonly string[];
}

function describePeer(peer: DescribablePeer): string {
  const allowed = [...peer.allowedIps].map(canonicalCidr).sort().join(',');
  return `endpoint=${peer.endpoint ?? '(none)'} keepalive=${peer.persistentKeepalive ?? 'off'} allowed-ips=${allowed || '(none)'}`;
}
