import { generateKeyPair, type DesiredState, type WireGuardPeerEntry } from '@wom/domain';

/** A deterministic WireGuard key pair, so rows and snapshots are stable between runs. */
export function fixtureKeys(seed: number): { privateKey: string; publicKey: string } {
  return generateKeyPair((length) => Uint8Array.from({ length }, (_, i) => (seed * 53 + i * 11 + 7) & 0xff));
}

export const BRANCH_PEER_ID = '6c1f0b7e-1d2a-4e3b-9c4d-5e6f7a8b9c01';

const remote = (index: number, name: string, extra: Partial<WireGuardPeerEntry> = {}): WireGuardPeerEntry => ({
  peerId: `6c1f0b7e-1d2a-4e3b-9c4d-5e6f7a8b9d${String(index).padStart(2, '0')}`,
  name,
  publicKey: fixtureKeys(100 + index).publicKey,
  endpoint: null,
  persistentKeepalive: null,
  allowedIps: [`10.0.0.${index}/32`, `192.168.${100 + index}.0/24`],
  ...extra,
});

/**
 * A MikroTik branch in a hub-and-spoke WAN: the hub and one other site as WireGuard peers,
 * its tunnel address, routes into the tunnel and the LAN the WAN may reach.
 */
export const branchOverlay: DesiredState = {
  peerId: BRANCH_PEER_ID,
  wanId: '0b9e8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c',
  peerName: 'branch-b',
  peerType: 'mikrotik',
  interface: {
    name: 'wg-wan-overlay',
    listenPort: 13231,
    mtu: 1420,
    addresses: ['10.0.0.2/32'],
    dns: [],
    tunnelIp: '10.0.0.2',
    tunnelRange: '10.0.0.0/24',
  },
  peers: [
    remote(1, 'hq-hub', { endpoint: { host: 'vpn.example.net', port: 51820 }, persistentKeepalive: 25 }),
    remote(3, 'branch-c', { endpoint: { host: '203.0.113.30', port: 13231 } }),
  ],
  routes: ['10.0.0.0/24', '192.168.101.0/24', '192.168.103.0/24'],
  firewall: { relay: false, localDestinations: ['192.168.88.0/24'] },
  serviceNat: [],
  netmap: [],
  contentHash: 'v1',
};

/** The same branch after the WAN grew: a new site, a published NAS and a shorter hub keepalive. */
export const branchOverlayUpdated: DesiredState = {
  ...branchOverlay,
  peers: [
    { ...(branchOverlay.peers[0] as WireGuardPeerEntry), persistentKeepalive: 15 },
    branchOverlay.peers[1] as WireGuardPeerEntry,
    remote(4, 'branch-d'),
  ],
  routes: [...branchOverlay.routes, '192.168.104.0/24'],
  serviceNat: [
    {
      serviceId: '3e2d1c0b-0000-4000-8000-0000000000aa',
      name: 'nas',
      protocols: ['tcp'],
      sharedIp: '10.0.5.2',
      sharedPort: 443,
      localIp: '192.168.88.10',
      localPort: 443,
    },
  ],
  contentHash: 'v2',
};

/** `branchOverlayUpdated` with branch-d removed again. */
export const branchOverlayWithoutD: DesiredState = {
  ...branchOverlayUpdated,
  peers: branchOverlayUpdated.peers.slice(0, 2),
  routes: branchOverlay.routes,
  contentHash: 'v3',
};

/**
 * From `branchOverlayUpdated`, a change that needs every kind of write: branch-d and the NAS
 * go (DELETE peer, route, filter and NAT rules), the hub keepalive goes back (PATCH), and a
 * second LAN becomes reachable (PUT).
 */
export const branchOverlayReshaped: DesiredState = {
  ...branchOverlayWithoutD,
  peers: branchOverlay.peers,
  serviceNat: [],
  firewall: { relay: false, localDestinations: ['192.168.88.0/24', '192.168.89.0/24'] },
  contentHash: 'v4',
};
