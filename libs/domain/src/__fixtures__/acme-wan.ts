import type { LocalSubnet, Peer, PublishedService, TopologySnapshot, TopologyType } from '../model/wan.model';
import { syntheticPublicKey } from './wan-builder';

/**
 * A small, realistic WAN: a hub at HQ, a MikroTik branch with a NAT-translated subnet and a
 * published NAS, a second site behind NAT, and a roaming laptop.
 */
export const ACME = {
  wanId: '0d7c3e2a-8b61-4f0e-a6c9-3e4f5a6b7c8d',
  hub: '5b0e4a52-2f5e-4c1c-9d1a-1f7a8f0c0001',
  branch: '5b0e4a52-2f5e-4c1c-9d1a-1f7a8f0c0002',
  laptop: '5b0e4a52-2f5e-4c1c-9d1a-1f7a8f0c0003',
  site2: '5b0e4a52-2f5e-4c1c-9d1a-1f7a8f0c0004',
} as const;

const peer = (id: string, name: string, type: Peer['type'], tunnelIp: string, endpoint: string | null, key: number): Peer => ({
  id,
  wanId: ACME.wanId,
  name,
  type,
  publicKey: syntheticPublicKey(key),
  tunnelIp,
  endpoint,
  listenPort: null,
  persistentKeepalive: null,
  tags: [],
});

export const acmePeers: readonly Peer[] = [
  peer(ACME.hub, 'hq-hub', 'hub', '10.0.0.1', 'vpn.acme.example:51820', 1),
  peer(ACME.branch, 'branch-a', 'mikrotik', '10.0.0.2', '203.0.113.10:13231', 2),
  peer(ACME.laptop, 'alice-laptop', 'client', '10.0.0.3', null, 3),
  peer(ACME.site2, 'site-2', 'generic-router', '10.0.0.4', null, 4),
];

export const acmeSubnets: readonly LocalSubnet[] = [
  { id: 'sub-hq', peerId: ACME.hub, cidr: '192.168.50.0/24', isRouted: true, natEnabled: false, natTranslatedCidr: null },
  { id: 'sub-branch-lan', peerId: ACME.branch, cidr: '192.168.10.0/24', isRouted: true, natEnabled: false, natTranslatedCidr: null },
  { id: 'sub-branch-dup', peerId: ACME.branch, cidr: '192.168.1.0/24', isRouted: true, natEnabled: true, natTranslatedCidr: '172.16.0.0/24' },
  { id: 'sub-branch-guest', peerId: ACME.branch, cidr: '192.168.99.0/24', isRouted: false, natEnabled: false, natTranslatedCidr: null },
  { id: 'sub-site2', peerId: ACME.site2, cidr: '192.168.20.0/24', isRouted: true, natEnabled: false, natTranslatedCidr: null },
];

export const acmeServices: readonly PublishedService[] = [
  {
    id: 'svc-nas',
    peerId: ACME.branch,
    name: 'nas-smb',
    localIp: '192.168.10.5',
    localPort: 445,
    sharedIp: '10.0.5.10',
    sharedPort: 445,
    protocol: 'both',
    isActive: true,
  },
  {
    id: 'svc-old',
    peerId: ACME.branch,
    name: 'retired-ftp',
    localIp: '192.168.10.6',
    localPort: 21,
    sharedIp: '10.0.5.11',
    sharedPort: 21,
    protocol: 'tcp',
    isActive: false,
  },
];

export function acmeWan(topologyType: TopologyType = 'hub-spoke', overrides: Partial<TopologySnapshot> = {}): TopologySnapshot {
  return {
    wan: { id: ACME.wanId, name: 'acme', tunnelIpRange: '10.0.0.0/24', sharedServicesRange: '10.0.5.0/24', topologyType },
    peers: acmePeers,
    subnets: acmeSubnets,
    services: acmeServices,
    connections: [],
    ...overrides,
  };
}
