import type { DesiredState } from '@wom/domain';
import type { WireGuardPort } from '../linux/linux-system.port';

/** One remote as the device sees it now. */
export interface PeerStatus {
  readonly publicKey: string;
  /** The control plane's id for this remote, when the applied state names it. */
  readonly peerId: string;
  readonly name: string;
  readonly endpoint: string;
  /** Unix milliseconds of the latest handshake, 0 when there was none. */
  readonly latestHandshakeMs: number;
  readonly rxBytes: number;
  readonly txBytes: number;
}

/** Reads handshakes, transfer counters and endpoints from `wg show dump`; an absent interface has no peers. */
export async function collectPeerStatus(wireguard: WireGuardPort, interfaceName: string, state: DesiredState | null): Promise<PeerStatus[]> {
  const device = await wireguard.readDevice(interfaceName);
  if (device === null) return [];
  const known = new Map((state?.peers ?? []).map((entry) => [entry.publicKey, entry]));
  return device.peers.map((peer) => ({
    publicKey: peer.publicKey,
    peerId: known.get(peer.publicKey)?.peerId ?? '',
    name: known.get(peer.publicKey)?.name ?? '',
    endpoint: peer.endpoint ?? '',
    latestHandshakeMs: peer.latestHandshake * 1000,
    rxBytes: peer.rxBytes,
    txBytes: peer.txBytes,
  }));
}
