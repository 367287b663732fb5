import type { DesiredState, TopologySnapshot } from '@wom/domain';
import { compile, generateKeyPair } from '@wom/domain';

const WAN_ID = '00000000-0000-4000-8000-00000000b000';
export const HUB_ID = '00000000-0000-4000-8001-00000000b001';
export const BRANCH_ID = '00000000-0000-4000-8001-00000000b002';

/** Two keys made once per spec run; the branch's private key is what the agent would hold. */
export const HUB_KEYS = generateKeyPair();
export const BRANCH_KEYS = generateKeyPair();

/** A hub with a name endpoint and a branch with a LAN and, optionally, a published service. */
export function twoSiteSnapshot(options: { withService?: boolean; keepalive?: number } = {}): TopologySnapshot {
  return {
    wan: { id: WAN_ID, name: 'unit', tunnelIpRange: '10.0.0.0/24', sharedServicesRange: '10.0.5.0/24', topologyType: 'hub-spoke' },
    peers: [
      { id: HUB_ID, wanId: WAN_ID, name: 'hub', type: 'hub', publicKey: HUB_KEYS.publicKey, tunnelIp: '10.0.0.1', endpoint: 'hub.example.net:51820', listenPort: 51820, persistentKeepalive: null, tags: [] },
      {
        id: BRANCH_ID,
        wanId: WAN_ID,
        name: 'branch',
        type: 'server',
        publicKey: BRANCH_KEYS.publicKey,
        tunnelIp: '10.0.0.2',
        endpoint: null,
        listenPort: 51820,
        persistentKeepalive: options.keepalive ?? null,
        tags: [],
        overrides: { interfaceName: 'wg-unit' },
      },
    ],
    subnets: [{ id: '00000000-0000-4000-8002-00000000b002', peerId: BRANCH_ID, cidr: '192.168.20.0/24', isRouted: true, natEnabled: false, natTranslatedCidr: null }],
    services: options.withService
      ? [{ id: '00000000-0000-4000-8003-00000000b002', peerId: BRANCH_ID, name: 'web', localIp: '192.168.20.10', localPort: 8080, sharedIp: '10.0.5.1', sharedPort: 80, protocol: 'tcp', isActive: true }]
      : [],
    connections: [],
  };
}

export function branchState(options: Parameters<typeof twoSiteSnapshot>[0] = {}): DesiredState {
  const state = compile(twoSiteSnapshot(options)).states.get(BRANCH_ID);
  if (state === undefined) throw new Error('the branch did not compile');
  return state;
}
