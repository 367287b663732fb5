import type { DesiredState } from '@wom/domain';

/**
 * Hand-written desired states for renderer tests: a hub, a MikroTik branch with a
 * NAT-translated subnet and a published service, and a roaming laptop. The keys are real
 * x25519 keys, so the real `wg` tool accepts the rendered files.
 */
export const FIXTURE_KEYS = {
  hub: { privateKey: 'kMtI/sX+c43uH8Xw2J64i9KH4heGLOAmQkPiA/7HgUU=', publicKey: 'iEcaYUVKq51Sdt7uMulPVv7fDRI4PiOuHwM8DAzNOxg=' },
  branch: { privateKey: 'CNTBYVlU8/OVPwzmpCQTKaBz6lteaH2pevS/0clANHk=', publicKey: '0xO3dcFP8ZVi1kBtpit9iD4HrpwSEXWZJsqGSudba1M=' },
  laptop: { privateKey: '4FIOKkHqhgRAIpReV/51Yyxi226XmCOZ8d9GQbBsKU4=', publicKey: '+mDHIjhWgjDJsVfYZdIOvFS5ZmYW1sTp9cIt/cwjqXQ=' },
} as const;

export const PEER_IDS = {
  hub: '5b0e4a52-2f5e-4c1c-9d1a-1f7a8f0c0001',
  branch: '5b0e4a52-2f5e-4c1c-9d1a-1f7a8f0c0002',
  laptop: '5b0e4a52-2f5e-4c1c-9d1a-1f7a8f0c0003',
} as const;

const WAN_ID = '0d7c3e2a-8b61-4f0e-a6c9-3e4f5a6b7c8d';

export const hubState: DesiredState = {
  peerId: PEER_IDS.hub,
  wanId: WAN_ID,
  peerName: 'hq-hub',
  peerType: 'hub',
  interface: {
    name: 'wg-wan-overlay',
    listenPort: 51820,
    mtu: null,
    addresses: ['10.0.0.1/32', '10.0.5.1/32'],
    dns: [],
    tunnelIp: '10.0.0.1',
    tunnelRange: '10.0.0.0/24',
  },
  peers: [
    {
      peerId: PEER_IDS.branch,
      name: 'branch-a',
      publicKey: FIXTURE_KEYS.branch.publicKey,
      endpoint: { host: '203.0.113.10', port: 13231 },
      persistentKeepalive: null,
      allowedIps: ['10.0.0.2/32', '10.0.5.10/32', '172.16.0.0/24', '192.168.10.0/24'],
    },
    {
      peerId: PEER_IDS.laptop,
      name: 'alice-laptop',
      publicKey: FIXTURE_KEYS.laptop.publicKey,
      endpoint: null,
      persistentKeepalive: null,
      allowedIps: ['10.0.0.3/32'],
    },
  ],
  routes: ['10.0.0.0/24', '10.0.5.0/24', '172.16.0.0/24', '192.168.10.0/24'],
  firewall: { relay: true, localDestinations: ['192.168.50.0/24'] },
  serviceNat: [
    {
      serviceId: '7f3d9c1e-0000-4000-8000-000000000001',
      name: 'grafana',
      protocols: ['tcp'],
      sharedIp: '10.0.5.1',
      sharedPort: 443,
      localIp: '192.168.50.20',
      localPort: 3000,
    },
  ],
  netmap: [],
  contentHash: '3f1e0c8a9b7d6e5f4a3b2c1d0e9f8a7b',
};

export const branchState: DesiredState = {
  peerId: PEER_IDS.branch,
  wanId: WAN_ID,
  peerName: 'branch-a',
  peerType: 'mikrotik',
  interface: {
    name: 'wg-wan-overlay',
    listenPort: 13231,
    mtu: 1420,
    addresses: ['10.0.0.2/32', '10.0.5.10/32'],
    dns: [],
    tunnelIp: '10.0.0.2',
    tunnelRange: '10.0.0.0/24',
  },
  peers: [
    {
      peerId: PEER_IDS.hub,
      name: 'hq-hub',
      publicKey: FIXTURE_KEYS.hub.publicKey,
      endpoint: { host: 'vpn.example.net', port: 51820 },
      persistentKeepalive: 25,
      allowedIps: ['10.0.0.0/24', '10.0.5.0/24', '192.168.50.0/24'],
    },
  ],
  routes: ['10.0.0.0/24', '10.0.5.0/24', '192.168.50.0/24'],
  firewall: { relay: false, localDestinations: ['192.168.1.0/24', '192.168.10.0/24'] },
  serviceNat: [
    {
      serviceId: '7f3d9c1e-0000-4000-8000-000000000002',
      name: 'nas-smb',
      protocols: ['tcp', 'udp'],
      sharedIp: '10.0.5.10',
      sharedPort: 445,
      localIp: '192.168.10.5',
      localPort: 445,
    },
  ],
  netmap: [{ subnetId: '9a8b7c6d-0000-4000-8000-000000000001', realCidr: '192.168.1.0/24', translatedCidr: '172.16.0.0/24' }],
  contentHash: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
};

export const laptopState: DesiredState = {
  peerId: PEER_IDS.laptop,
  wanId: WAN_ID,
  peerName: 'alice-laptop',
  peerType: 'client',
  interface: {
    name: 'wg-wan-overlay',
    listenPort: null,
    mtu: 1380,
    addresses: ['10.0.0.3/32'],
    dns: ['10.0.5.53'],
    tunnelIp: '10.0.0.3',
    tunnelRange: '10.0.0.0/24',
  },
  peers: [
    {
      peerId: PEER_IDS.hub,
      name: 'hq-hub',
      publicKey: FIXTURE_KEYS.hub.publicKey,
      endpoint: { host: '198.51.100.1', port: 51820 },
      persistentKeepalive: 25,
      allowedIps: ['10.0.0.0/24', '10.0.5.0/24', '172.16.0.0/24', '192.168.10.0/24', '192.168.50.0/24'],
    },
  ],
  routes: [
    '10.0.0.0/24',
    '10.0.5.0/24',
    '172.16.0.0/24',
    '192.168.10.0/24',
    '192.168.50.0/24',
  ],
  firewall: { relay: false, localDestinations: [] },
  serviceNat: [],
  netmap: [],
  contentHash: 'ffeeddccbbaa99887766554433221100',
};

export const ALL_FIXTURE_STATES = { hub: hubState, branch: branchState, laptop: laptopState } as const;
