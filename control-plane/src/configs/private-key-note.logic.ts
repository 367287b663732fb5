import { isMikrotik, keyIsOurs, type PeerKind } from './peer-artifacts';
import type { DisclosureActor } from './private-key-disclosure.policy';

/**
 * Where a peer's WireGuard private key lives (spec §10.1, "keys are made where they are used"):
 * - `server`: the control plane generated it and keeps it sealed (laptops, phones, servers without an agent);
 * - `agent`: the peer's agent generated it on its box;
 * - `router`: the MikroTik router generated it when its interface was created;
 * - `device`: someone registered only the public key of a key made on the device.
 */
export type KeyCustody = 'server' | 'agent' | 'router' | 'device';

/** Why a download that could carry the server's key does not: nobody asked, or the asker may not have it. */
export type KeyWithheld = 'not-requested' | 'not-admin';

export function keyCustody(peer: PeerKind & { readonly hasStoredKey: boolean }): KeyCustody {
  if (peer.deploymentMode === 'agent') return 'agent';
  if (isMikrotik(peer)) return 'router';
  return keyIsOurs(peer) && peer.hasStoredKey ? 'server' : 'device';
}

/**
 * The comment that stands where `PrivateKey = …` would be, telling whoever opens the file why
 * the key is not there and what to do. One line, so wg-quick and the WireGuard apps skip it.
 *
 * @example privateKeyNote('agent', 'not-requested') // '# PrivateKey: kept on the device. …'
 */
export function privateKeyNote(custody: KeyCustody, withheld: KeyWithheld): string {
  switch (custody) {
    case 'agent':
      return "# PrivateKey: kept on the device. Its agent generated this peer's key there and it never leaves the device; the agent applies this configuration itself, so this file is for reference only.";
    case 'router':
      return '# PrivateKey: kept on the router. The router generated its own key and it never leaves the router; configure it with its RouterOS script or a deployment, not with this file.';
    case 'device':
      return '# PrivateKey: kept on the device. Only its public key was registered; replace this line with "PrivateKey = <the device\'s private key>" before importing the file.';
    case 'server':
      return withheld === 'not-admin'
        ? '# PrivateKey: withheld. Only an admin may download this private key (every download is audited); ask an admin for this file with its key, or for the QR code.'
        : '# PrivateKey: not included. Download the configuration with its private key (admins only, audited) to import it on the laptop or phone directly.';
  }
}

/** The key when it was disclosed, else the note on where it is and why this file goes without. */
export function keyOrNote(peer: PeerKind & { readonly privateKeyEncrypted: string | null }, privateKey: string | undefined, actor: DisclosureActor): { privateKey: string } | { keyNote: string } {
  if (privateKey !== undefined) return { privateKey };
  const custody = keyCustody({ type: peer.type, deploymentMode: peer.deploymentMode, hasStoredKey: peer.privateKeyEncrypted !== null });
  return { keyNote: privateKeyNote(custody, actor?.role === 'admin' ? 'not-requested' : 'not-admin') };
}
