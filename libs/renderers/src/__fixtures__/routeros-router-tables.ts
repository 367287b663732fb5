import { managedComment, type CurrentRows, type RouterOsRow } from '../routeros-rest';

/**
 * A branch router as a customer runs it before we arrive: RouterOS defconf firewall, a
 * road-warrior WireGuard interface of its own, a port forward, and a second overlay config
 * (another peer of ours, e.g. a lab WAN) whose rows we must leave alone just like foreign ones.
 */
export const OTHER_OVERLAY_PEER_ID = '5b0e4a52-2f5e-4c1c-9d1a-1f7a8f0c0099';

const ROADWARRIOR_KEY = 'Hhb4yPz0VtqBRY0kJ8Ofn1nCXWzEb0xX2TqkqzvJTW0=';
const PHONE_KEY = 'oVt2H3rGJxlYmTg7tq1X8Zb6bG0Jc9QfQ2cEo0dY8Uk=';
const LAB_KEY = 'Ab5nLwJ4M0uKf3Y1bVZtqk2yN7q8Wc6eR9sXo1pD3Eg=';

export const FOREIGN_IDS = {
  forwardDropInvalid: '*9',
  dstnatPortForward: '*2',
  srcnatMasquerade: '*1',
} as const;

export function branchRouterTables(): CurrentRows {
  const other = (key: string): string => managedComment(OTHER_OVERLAY_PEER_ID, key);
  return {
    '/interface/wireguard': [
      { '.id': '*1', name: 'wg-roadwarrior', 'listen-port': '13233', mtu: '1420', 'private-key': '*****', 'public-key': ROADWARRIOR_KEY, running: 'true', disabled: 'false' },
      { '.id': '*2', name: 'wg-lab', 'listen-port': '51821', mtu: '1420', 'private-key': '*****', 'public-key': LAB_KEY, running: 'true', disabled: 'false', comment: other('interface') },
    ],
    '/interface/wireguard/peers': [
      { '.id': '*3', interface: 'wg-roadwarrior', 'public-key': PHONE_KEY, 'allowed-address': '192.168.77.2/32', 'endpoint-address': '', 'endpoint-port': '0', rx: '8395000', tx: '58834536', 'last-handshake': '14s', disabled: 'false', dynamic: 'false', comment: 'phone' },
      // Written by hand after the spec's examples: looks like ours, but carries no UUIDv8.
      { '.id': '*4', interface: 'wg-roadwarrior', 'public-key': LAB_KEY, 'allowed-address': '192.168.77.3/32', 'endpoint-address': '', 'endpoint-port': '0', disabled: 'false', dynamic: 'false', comment: 'WAN-Overlay-Manager:legacy-laptop' },
      { '.id': '*5', interface: 'wg-lab', 'public-key': PHONE_KEY, 'allowed-address': '10.99.0.0/24', 'endpoint-address': '192.0.2.7', 'endpoint-port': '51821', disabled: 'false', dynamic: 'false', comment: other('peer:lab-hub') },
    ],
    '/ip/address': [
      { '.id': '*1', address: '192.168.88.1/24', interface: 'bridge', network: '192.168.88.0', 'actual-interface': 'bridge', disabled: 'false', dynamic: 'false', invalid: 'false', comment: 'defconf' },
      { '.id': '*2', address: '198.51.100.23/24', interface: 'ether1', network: '198.51.100.0', 'actual-interface': 'ether1', disabled: 'false', dynamic: 'true', invalid: 'false' },
      { '.id': '*3', address: '192.168.77.1/24', interface: 'wg-roadwarrior', network: '192.168.77.0', 'actual-interface': 'wg-roadwarrior', disabled: 'false', dynamic: 'false', invalid: 'false' },
    ],
    '/ip/route': [
      { '.id': '*80000001', 'dst-address': '0.0.0.0/0', gateway: '198.51.100.1', distance: '1', dynamic: 'true', dhcp: 'true', active: 'true', 'routing-table': 'main' },
      { '.id': '*2', 'dst-address': '10.88.0.0/16', gateway: '192.168.88.254', distance: '1', dynamic: 'false', static: 'true', active: 'true', 'routing-table': 'main', comment: 'to the lab' },
      { '.id': '*20000001', 'dst-address': '192.168.88.0/24', gateway: 'bridge', distance: '0', dynamic: 'true', connect: 'true', active: 'true', 'routing-table': 'main' },
      { '.id': '*3', 'dst-address': '10.99.0.0/24', gateway: 'wg-lab', distance: '1', dynamic: 'false', static: 'true', active: 'true', 'routing-table': 'main', comment: other('route:10.99.0.0/24') },
    ],
    '/ip/firewall/address-list': [
      { '.id': '*1', list: 'blocked', address: '203.0.113.66', 'creation-time': '2025-05-01 10:00:00', dynamic: 'false', disabled: 'false' },
    ],
    '/ip/firewall/filter': defconfFilter(other('filter:wan-to-local')),
    '/ip/firewall/nat': [
      { '.id': '*4', chain: 'dstnat', action: 'dst-nat', protocol: 'udp', 'dst-port': '3478', 'to-addresses': '192.168.88.40', dynamic: 'true', comment: 'upnp 192.168.88.40: game' },
      { '.id': '*2', chain: 'dstnat', action: 'dst-nat', 'in-interface-list': 'WAN', protocol: 'tcp', 'dst-port': '8443', 'to-addresses': '192.168.88.10', 'to-ports': '443', bytes: '0', packets: '0', dynamic: 'false', invalid: 'false', comment: 'port forward to NAS' },
      { '.id': '*1', chain: 'srcnat', action: 'masquerade', 'out-interface-list': 'WAN', 'ipsec-policy': 'out,none', bytes: '1024', packets: '12', dynamic: 'false', invalid: 'false', comment: 'defconf: masquerade' },
    ],
  };
}

/** RouterOS 7 defconf filter rules, plus one rule of the other overlay. */
function defconfFilter(otherOverlayComment: string): RouterOsRow[] {
  const rule = (id: string, fields: Record<string, string>): RouterOsRow => ({ '.id': id, bytes: '0', packets: '0', dynamic: 'false', invalid: 'false', ...fields });
  return [
    rule('*1', { chain: 'input', action: 'accept', 'connection-state': 'established,related,untracked', comment: 'defconf: accept established,related,untracked' }),
    rule('*2', { chain: 'input', action: 'drop', 'connection-state': 'invalid', comment: 'defconf: drop invalid' }),
    rule('*3', { chain: 'input', action: 'accept', protocol: 'icmp', comment: 'defconf: accept ICMP' }),
    rule('*4', { chain: 'input', action: 'drop', 'in-interface-list': '!LAN', comment: 'defconf: drop all not coming from LAN' }),
    rule('*5', { chain: 'forward', action: 'passthrough', dynamic: 'true', comment: 'special dummy rule to show fasttrack counters' }),
    rule('*6', { chain: 'forward', action: 'accept', 'ipsec-policy': 'in,ipsec', comment: 'defconf: accept in ipsec policy' }),
    rule('*7', { chain: 'forward', action: 'fasttrack-connection', 'connection-state': 'established,related', 'hw-offload': 'true', comment: 'defconf: fasttrack' }),
    rule('*8', { chain: 'forward', action: 'accept', 'connection-state': 'established,related,untracked', comment: 'defconf: accept established,related, untracked' }),
    rule('*B', { chain: 'forward', action: 'accept', 'in-interface': 'wg-lab', comment: otherOverlayComment }),
    rule('*9', { chain: 'forward', action: 'drop', 'connection-state': 'invalid', comment: 'defconf: drop invalid' }),
    rule('*A', { chain: 'forward', action: 'drop', 'connection-state': 'new', 'connection-nat-state': '!dstnat', 'in-interface-list': 'WAN', comment: 'defconf: drop all from WAN not DSTNATed' }),
  ];
}
