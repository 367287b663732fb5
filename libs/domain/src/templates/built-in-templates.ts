import { DEFAULT_LISTEN_PORT, DEFAULT_PERSISTENT_KEEPALIVE } from '../model/wan.model';
import type { ConfigTemplate } from './template.model';

/** 1420 fits WireGuard over IPv4 and IPv6 on a 1500-byte underlay (80 bytes of overhead). */
const ROUTER_MTU = 1420;

/**
 * A peer's own key and address. Keepalive is not here: it is per remote and lives in the
 * `[Peer]` sections the compiler renders from the peer's settings.
 */
const INTERFACE_HEAD = ['[Interface]', 'PrivateKey = {{PRIVATE_KEY}}', 'Address = {{TUNNEL_IP}}/32'];

const body = (...lines: string[]) => `${lines.join('\n')}\n`;

/**
 * The built-in templates of spec §4.5.1, with the defaults a NOC engineer expects. Ids are
 * stable slugs: the API and stored peers refer to them.
 */
export const BUILT_IN_TEMPLATES: readonly ConfigTemplate[] = [
  {
    id: 'simple-client',
    name: 'Simple client',
    description: 'A laptop, phone or single host: reaches the WAN, routes nothing, behind NAT.',
    peerType: 'client',
    defaults: {
      persistentKeepalive: DEFAULT_PERSISTENT_KEEPALIVE,
      listenPort: null,
      mtu: null,
      dns: [],
      routesLocalSubnets: false,
      publishesServices: false,
    },
    body: body(
      '# {{WAN_NAME}}: {{PEER_NAME}} (simple client)',
      ...INTERFACE_HEAD,
      'DNS = {{DNS}}',
      'MTU = {{MTU}}',
      '',
      '{{PEERS}}',
    ),
    builtIn: true,
  },
  {
    id: 'site-router',
    name: 'Site router',
    description: "A router connecting a whole site: announces the site's subnets to the WAN.",
    peerType: 'generic-router',
    defaults: {
      persistentKeepalive: DEFAULT_PERSISTENT_KEEPALIVE,
      listenPort: DEFAULT_LISTEN_PORT,
      mtu: ROUTER_MTU,
      dns: [],
      routesLocalSubnets: true,
      publishesServices: false,
    },
    body: body(
      '# {{WAN_NAME}}: {{PEER_NAME}} (site router)',
      "# Routes this site's subnets into the WAN: {{LOCAL_SUBNETS}}",
      '# Enable IPv4 forwarding on this router (net.ipv4.ip_forward=1).',
      ...INTERFACE_HEAD,
      'ListenPort = {{LISTEN_PORT}}',
      'MTU = {{MTU}}',
      '',
      '{{PEERS}}',
    ),
    builtIn: true,
  },
  {
    id: 'service-host',
    name: 'Service host',
    description: 'A server exposing services to the WAN on a shared-services address.',
    peerType: 'server',
    defaults: {
      persistentKeepalive: DEFAULT_PERSISTENT_KEEPALIVE,
      listenPort: null,
      mtu: null,
      dns: [],
      routesLocalSubnets: false,
      publishesServices: true,
    },
    body: body(
      '# {{WAN_NAME}}: {{PEER_NAME}} (service host)',
      '# Publishes services on {{SHARED_SERVICE_IP}} in {{SHARED_SERVICES_RANGE}}.',
      ...INTERFACE_HEAD,
      // A second Address line (wg-quick adds them up), so a host without a shared IP yet keeps its tunnel IP.
      'Address = {{SHARED_SERVICE_IP}}/32',
      'MTU = {{MTU}}',
      '',
      '{{PEERS}}',
    ),
    builtIn: true,
  },
  {
    id: 'hub-node',
    name: 'Hub node',
    description: 'The central peer of a hub-and-spoke WAN: public endpoint, forwards between spokes.',
    peerType: 'hub',
    defaults: {
      // Spokes keep their NAT mappings open; the hub has a public endpoint and need not.
      persistentKeepalive: null,
      listenPort: DEFAULT_LISTEN_PORT,
      mtu: ROUTER_MTU,
      dns: [],
      routesLocalSubnets: false,
      publishesServices: false,
    },
    body: body(
      '# {{WAN_NAME}}: {{PEER_NAME}} (hub node)',
      '# Tunnel range {{TUNNEL_RANGE}}, shared services {{SHARED_SERVICES_RANGE}}.',
      '# Enable IPv4 forwarding on this host (net.ipv4.ip_forward=1) so spokes reach each other.',
      ...INTERFACE_HEAD,
      'ListenPort = {{LISTEN_PORT}}',
      'MTU = {{MTU}}',
      '',
      '{{PEERS}}',
    ),
    builtIn: true,
  },
];

export const BUILT_IN_TEMPLATE_IDS = BUILT_IN_TEMPLATES.map((template) => template.id);

/** The built-in template with this id, or undefined. */
export function findBuiltInTemplate(id: string): ConfigTemplate | undefined {
  return BUILT_IN_TEMPLATES.find((template) => template.id === id);
}
