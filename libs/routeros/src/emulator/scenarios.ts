import { generateKeyPair } from '@wom/domain';
import type { Row } from './emulator.model';
import type { RouterState } from './router-state';

/** A deterministic key pair, so scenario rows are byte-identical between runs. */
function fixedKeys(seed: number): { privateKey: string; publicKey: string } {
  return generateKeyPair((length) => Uint8Array.from({ length }, (_, i) => (seed * 31 + i * 7) & 0xff));
}

export interface BranchOfficeScenario {
  /** The forward-chain drop rules our filter rules must land ahead of. */
  readonly forwardDropInvalid: string;
  readonly forwardDropWan: string;
  readonly srcnatMasquerade: string;
  readonly dstnatPortForward: string;
  readonly roadwarriorPublicKey: string;
}

/**
 * A branch router as a customer runs it before we arrive: RouterOS defconf firewall (input
 * rules, then forward rules ending in drops), a road-warrior WireGuard interface with two
 * peers, a masquerade and a port forward, DHCP/connected/static routes, address lists and
 * simple queues. Used by deploy tests to prove every foreign row stays byte-identical and in
 * its original order.
 */
export function loadBranchOfficeScenario(state: RouterState): BranchOfficeScenario {
  const roadwarrior = fixedKeys(1);
  state.load('/interface/wireguard', [
    { '.id': '*10', name: 'wg-roadwarrior', 'listen-port': '13233', mtu: '1420', 'private-key': roadwarrior.privateKey, disabled: 'false', comment: 'road warriors' },
  ]);
  const peer = (id: string, key: number, address: string, extra: Row): Row => ({
    '.id': id,
    interface: 'wg-roadwarrior',
    'public-key': fixedKeys(key).publicKey,
    'allowed-address': address,
    'endpoint-address': '',
    'endpoint-port': '0',
    disabled: 'false',
    dynamic: 'false',
    rx: '0',
    tx: '0',
    ...extra,
  });
  state.load('/interface/wireguard/peers', [
    peer('*11', 2, '192.168.77.2/32', { comment: 'phone', rx: '8395000', tx: '58834536', 'last-handshake': '14s', 'persistent-keepalive': '25s' }),
    peer('*12', 3, '192.168.77.3/32,192.168.78.0/24', { comment: 'laptop' }),
  ]);
  const address = (id: string, cidr: string, iface: string, extra: Row = {}): Row => ({
    '.id': id,
    address: cidr,
    interface: iface,
    disabled: 'false',
    dynamic: 'false',
    invalid: 'false',
    ...extra,
  });
  state.load('/ip/address', [
    address('*1', '192.168.88.1/24', 'bridge', { comment: 'defconf' }),
    address('*2', '198.51.100.23/24', 'ether1', { dynamic: 'true' }),
    address('*3', '192.168.77.1/24', 'wg-roadwarrior'),
  ]);
  state.load('/ip/route', [
    { '.id': '*80000001', 'dst-address': '0.0.0.0/0', gateway: '198.51.100.1', distance: '1', 'routing-table': 'main', scope: '30', 'target-scope': '10', dynamic: 'true', dhcp: 'true', 'immediate-gw': '198.51.100.1%ether1' },
    { '.id': '*20000001', 'dst-address': '192.168.88.0/24', gateway: 'bridge', distance: '0', 'routing-table': 'main', scope: '10', 'target-scope': '5', dynamic: 'true', connect: 'true', 'local-address': '192.168.88.1%bridge' },
    { '.id': '*13', 'dst-address': '10.88.0.0/16', gateway: '192.168.88.254', distance: '1', 'routing-table': 'main', scope: '30', 'target-scope': '10', disabled: 'false', dynamic: 'false', static: 'true', inactive: 'false', comment: 'to the lab' },
  ]);
  const listEntry = (id: string, list: string, entry: string, comment?: string): Row => ({
    '.id': id,
    list,
    address: entry,
    'creation-time': '2025-05-01 10:00:00',
    disabled: 'false',
    dynamic: 'false',
    ...(comment ? { comment } : {}),
  });
  state.load('/ip/firewall/address-list', [
    listEntry('*14', 'blocked', '203.0.113.66', 'scanner'),
    listEntry('*15', 'trusted', '192.168.88.0/24'),
    listEntry('*16', 'trusted', '192.168.77.0/24'),
  ]);
  const rule = (id: string, fields: Row): Row => ({ '.id': id, action: 'accept', bytes: '0', packets: '0', dynamic: 'false', invalid: 'false', log: 'false', 'log-prefix': '', ...fields });
  state.load('/ip/firewall/filter', [
    rule('*20', { chain: 'input', 'connection-state': 'established,related,untracked', comment: 'defconf: accept established,related,untracked' }),
    rule('*21', { chain: 'input', action: 'drop', 'connection-state': 'invalid', comment: 'defconf: drop invalid' }),
    rule('*22', { chain: 'input', protocol: 'icmp', comment: 'defconf: accept ICMP' }),
    rule('*23', { chain: 'input', protocol: 'udp', 'dst-port': '13233', comment: 'road warriors in' }),
    rule('*24', { chain: 'input', action: 'drop', 'in-interface-list': '!LAN', comment: 'defconf: drop all not coming from LAN' }),
    rule('*25', { chain: 'forward', action: 'passthrough', dynamic: 'true', comment: 'special dummy rule to show fasttrack counters' }),
    rule('*26', { chain: 'forward', 'ipsec-policy': 'in,ipsec', comment: 'defconf: accept in ipsec policy' }),
    rule('*27', { chain: 'forward', action: 'fasttrack-connection', 'connection-state': 'established,related', 'hw-offload': 'true', comment: 'defconf: fasttrack' }),
    rule('*28', { chain: 'forward', 'connection-state': 'established,related,untracked', comment: 'defconf: accept established,related, untracked' }),
    rule('*29', { chain: 'forward', action: 'drop', 'connection-state': 'invalid', comment: 'defconf: drop invalid' }),
    rule('*2A', { chain: 'forward', action: 'drop', 'connection-state': 'new', 'connection-nat-state': '!dstnat', 'in-interface-list': 'WAN', comment: 'defconf: drop all from WAN not DSTNATed' }),
  ]);
  state.load('/ip/firewall/nat', [
    rule('*30', { chain: 'srcnat', action: 'masquerade', 'out-interface-list': 'WAN', 'ipsec-policy': 'out,none', bytes: '1024', packets: '12', comment: 'defconf: masquerade' }),
    rule('*31', { chain: 'dstnat', action: 'dst-nat', 'in-interface-list': 'WAN', protocol: 'tcp', 'dst-port': '8443', 'to-addresses': '192.168.88.10', 'to-ports': '443', comment: 'port forward to NAS' }),
  ]);
  const queue = (id: string, name: string, target: string, maxLimit: string): Row => ({
    '.id': id,
    name,
    target,
    'max-limit': maxLimit,
    'limit-at': '0/0',
    'burst-limit': '0/0',
    'burst-threshold': '0/0',
    'burst-time': '0s/0s',
    priority: '8/8',
    queue: 'default-small/default-small',
    parent: 'none',
    disabled: 'false',
    dynamic: 'false',
    invalid: 'false',
  });
  state.load('/queue/simple', [queue('*40', 'guests', '192.168.89.0/24', '10M/10M'), queue('*41', 'nas', '192.168.88.10/32', '100M/100M')]);
  state.log('wireguard,info', 'wg-roadwarrior: peer phone handshake');
  return { forwardDropInvalid: '*29', forwardDropWan: '*2A', srcnatMasquerade: '*30', dstnatPortForward: '*31', roadwarriorPublicKey: roadwarrior.publicKey };
}
