import type { PeerType, ServiceProtocol, TopologyType } from '@wom/domain';

/**
 * What `npm run demo` puts into a fresh control plane: one WAN with three MikroTik offices
 * (two of them on the same 192.168.1.0/24, so the overlap has to be NAT-translated), a hub,
 * two servers, three laptops and two published services. Pure data, so it can be checked
 * without starting anything.
 */

export interface DemoSubnet {
  readonly cidr: string;
  readonly description: string;
}

/** An office router: a real emulated RouterOS, registered as a `mikrotik` peer. */
export interface DemoOffice {
  readonly name: string;
  readonly lan: DemoSubnet;
  /** The router's LAN gateway address, put on its bridge so the emulated router looks like the office. */
  readonly lanGateway: string;
  /** Serve the REST API over HTTPS (self-signed), like `www-ssl`; plain HTTP otherwise. */
  readonly useSsl: boolean;
  readonly tags: readonly string[];
}

/** A peer the control plane makes a config file for (it generates the key pair). */
export interface DemoConfigFilePeer {
  readonly name: string;
  readonly type: Exclude<PeerType, 'mikrotik' | 'generic-router'>;
  readonly endpoint?: string;
  readonly listenPort?: number;
  readonly subnets: readonly DemoSubnet[];
  readonly tags: readonly string[];
}

export interface DemoService {
  readonly name: string;
  readonly description: string;
  /** The peer (by name) that hosts the service. */
  readonly host: string;
  readonly localIp: string;
  readonly localPort: number;
  readonly sharedPort: number;
  readonly protocol: ServiceProtocol;
}

export interface DemoPlan {
  readonly wan: { readonly name: string; readonly description: string; readonly tunnelIpRange: string; readonly sharedServicesRange: string; readonly topologyType: TopologyType };
  readonly hub: DemoConfigFilePeer;
  readonly offices: readonly DemoOffice[];
  readonly servers: readonly DemoConfigFilePeer[];
  readonly laptops: readonly DemoConfigFilePeer[];
  readonly services: readonly DemoService[];
  /** Overlapping office LANs and which office gets the NAT translation (the one added later). */
  readonly natTranslated: { readonly office: string; readonly cidr: string };
}

const SHARED_LAN = '192.168.1.0/24';

export const DEMO_PLAN: DemoPlan = {
  wan: {
    name: 'demo-wan',
    description: 'Demo WAN: three MikroTik offices, a hub, two servers and three laptops.',
    tunnelIpRange: '10.0.0.0/24',
    sharedServicesRange: '10.0.5.0/24',
    topologyType: 'hub-spoke',
  },
  // 203.0.113.0/24 is a documentation range: the hub's address is illustrative, nothing dials it.
  hub: { name: 'hub', type: 'hub', endpoint: '203.0.113.10:51820', listenPort: 51820, subnets: [], tags: ['core'] },
  offices: [
    { name: 'office-berlin', lan: { cidr: SHARED_LAN, description: 'Berlin office LAN' }, lanGateway: '192.168.1.1/24', useSsl: false, tags: ['office', 'eu-central'] },
    { name: 'office-hamburg', lan: { cidr: SHARED_LAN, description: 'Hamburg office LAN (same range as Berlin)' }, lanGateway: '192.168.1.1/24', useSsl: false, tags: ['office', 'eu-central'] },
    // The branch-office scenario's own LAN (defconf bridge), served over HTTPS.
    { name: 'office-vienna', lan: { cidr: '192.168.88.0/24', description: 'Vienna office LAN' }, lanGateway: '192.168.88.1/24', useSsl: true, tags: ['office', 'eu-east'] },
  ],
  servers: [
    { name: 'erp-server', type: 'server', subnets: [{ cidr: '10.20.1.0/24', description: 'ERP backend network' }], tags: ['server', 'erp'] },
    { name: 'backup-server', type: 'server', subnets: [{ cidr: '10.20.2.0/24', description: 'Backup storage network' }], tags: ['server', 'backup'] },
  ],
  laptops: [
    { name: 'laptop-anna', type: 'client', subnets: [], tags: ['laptop', 'noc'] },
    { name: 'laptop-ben', type: 'client', subnets: [], tags: ['laptop', 'sales'] },
    { name: 'laptop-chloe', type: 'client', subnets: [], tags: ['laptop', 'support'] },
  ],
  services: [
    { name: 'erp-web', description: 'ERP web front end', host: 'erp-server', localIp: '10.20.1.10', localPort: 8443, sharedPort: 443, protocol: 'tcp' },
    // The NAS the Vienna router already forwards to (branch-office scenario), now shared over the WAN.
    { name: 'vienna-nas', description: 'Vienna office file server', host: 'office-vienna', localIp: '192.168.88.10', localPort: 445, sharedPort: 445, protocol: 'tcp' },
  ],
  natTranslated: { office: 'office-hamburg', cidr: SHARED_LAN },
};

/** Every peer of the plan in creation order: the hub first (spokes need it), then offices, servers, laptops. */
export function demoPeerNames(plan: DemoPlan): string[] {
  return [plan.hub, ...plan.offices, ...plan.servers, ...plan.laptops].map((peer) => peer.name);
}

/**
 * Office LANs that more than one office uses, each with the offices sharing it, in plan order.
 *
 * Example: Berlin and Hamburg on 192.168.1.0/24 → `[{ cidr: '192.168.1.0/24', offices: ['office-berlin', 'office-hamburg'] }]`
 */
export function overlappingOfficeLans(plan: DemoPlan): { cidr: string; offices: string[] }[] {
  const byCidr = new Map<string, string[]>();
  for (const office of plan.offices) byCidr.set(office.lan.cidr, [...(byCidr.get(office.lan.cidr) ?? []), office.name]);
  return [...byCidr].filter(([, offices]) => offices.length > 1).map(([cidr, offices]) => ({ cidr, offices }));
}
