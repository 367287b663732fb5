import type { Peer } from '../../core/api.models';

/** How a peer's configuration is downloaded, and the sentence the console shows beside the button. */
export interface DownloadPlan {
  /** Ask the server for the private key (admin only; the server audits it). */
  readonly withPrivateKey: boolean;
  /** A QR code makes sense: the file imports on a phone as is. */
  readonly qr: boolean;
  readonly note: string;
}

type PeerKeyFacts = Pick<Peer, 'type' | 'deploymentMode' | 'hasPrivateKey'>;

/**
 * Where the peer's private key lives decides what a download holds (the server writes the same
 * reason into the file): keys the control plane made go to admins only; agents and routers
 * made their own and keep them.
 *
 * @example downloadPlan({ type: 'client', deploymentMode: 'config-file', hasPrivateKey: true }, true).withPrivateKey === true
 */
export function downloadPlan(peer: PeerKeyFacts, isAdmin: boolean): DownloadPlan {
  if (peer.deploymentMode === 'agent') {
    return { withPrivateKey: false, qr: false, note: 'The private key stays on the device: its agent made it there and applies this configuration itself. The file is for reference.' };
  }
  if (peer.type === 'mikrotik' || peer.deploymentMode.startsWith('mikrotik')) {
    return { withPrivateKey: false, qr: false, note: 'The private key stays on the router: it made its own. Configure it with its RouterOS script or a deployment.' };
  }
  if (!peer.hasPrivateKey) {
    return { withPrivateKey: false, qr: false, note: "Only this device's public key is registered: add its private key to the file before importing it." };
  }
  return isAdmin
    ? { withPrivateKey: true, qr: true, note: 'Includes the private key, so a laptop or phone imports it directly. Each download is recorded in the audit log.' }
    : { withPrivateKey: false, qr: false, note: 'Without the private key: only an admin may download it (each download is audited). Ask an admin for the file or its QR code.' };
}
