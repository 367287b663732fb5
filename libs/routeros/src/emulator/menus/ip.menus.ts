import { isIpv4 } from '@wom/domain';
import { networkOf, withPrefixLength } from '../values';
import { COMMON_WRITABLE, type MenuDef } from './menu.model';

const NO_SUCH_INTERFACE = 'input does not match any value of interface';

export const IP_ADDRESS_MENU: MenuDef = {
  path: '/ip/address',
  writable: [...COMMON_WRITABLE, 'address', 'interface', 'network', 'broadcast', 'netmask'],
  booleans: ['disabled'],
  required: ['address', 'interface'],
  defaults: { disabled: 'false' },
  initialState: { dynamic: 'false', invalid: 'false' },
  canCreate: true,
  canDelete: true,
  named: false,
  normalize: (field, value) => (field === 'address' ? withPrefixLength(value) : value),
  derive: (row) => ({ network: networkOf(row['address'] ?? '') ?? '', 'actual-interface': row['interface'] ?? '' }),
  check: (row, others, tables) => {
    if (networkOf(row['address'] ?? '') === undefined) return 'invalid value for argument address';
    if (!tables.interfaceNames().includes(row['interface'] ?? '')) return NO_SUCH_INTERFACE;
    const duplicate = others.some((other) => other['address'] === row['address'] && other['interface'] === row['interface']);
    return duplicate ? 'failure: already have such address' : undefined;
  },
};

export const IP_ROUTE_MENU: MenuDef = {
  path: '/ip/route',
  writable: [
    ...COMMON_WRITABLE,
    'dst-address',
    'gateway',
    'distance',
    'routing-table',
    'scope',
    'target-scope',
    'check-gateway',
    'pref-src',
    'vrf-interface',
    'suppress-hw-offload',
    'blackhole',
  ],
  booleans: ['disabled', 'suppress-hw-offload'],
  defaults: { 'dst-address': '0.0.0.0/0', distance: '1', 'routing-table': 'main', scope: '30', 'target-scope': '10', disabled: 'false' },
  initialState: { dynamic: 'false', static: 'true', inactive: 'false' },
  canCreate: true,
  canDelete: true,
  named: false,
  normalize: (field, value) => (field === 'dst-address' ? withPrefixLength(value) : value),
  derive: (row) => ({ active: row['disabled'] === 'true' ? 'false' : 'true' }),
  check: (row) => (networkOf(row['dst-address'] ?? '') === undefined ? 'invalid value for argument dst-address' : undefined),
};

export const ADDRESS_LIST_MENU: MenuDef = {
  path: '/ip/firewall/address-list',
  writable: [...COMMON_WRITABLE, 'list', 'address', 'timeout'],
  booleans: ['disabled'],
  required: ['list', 'address'],
  defaults: { disabled: 'false' },
  initialState: { dynamic: 'false', 'creation-time': '2025-06-01 12:00:00' },
  canCreate: true,
  canDelete: true,
  named: false,
  // A single address is shown without `/32`, so a /32 written back reads as the bare address.
  normalize: (field, value) => (field === 'address' && value.endsWith('/32') && isIpv4(value.slice(0, -3)) ? value.slice(0, -3) : value),
  check: (row, others) =>
    others.some((other) => other['list'] === row['list'] && other['address'] === row['address']) ? 'failure: already have such entry' : undefined,
};

/** Matchers and options shared by filter and NAT rules (ROUTEROS-REST.md §8). */
const RULE_WRITABLE = [
  ...COMMON_WRITABLE,
  'chain',
  'action',
  'protocol',
  'src-address',
  'dst-address',
  'src-port',
  'dst-port',
  'port',
  'in-interface',
  'out-interface',
  'in-interface-list',
  'out-interface-list',
  'src-address-list',
  'dst-address-list',
  'src-address-type',
  'dst-address-type',
  'connection-state',
  'connection-nat-state',
  'connection-mark',
  'connection-type',
  'packet-mark',
  'routing-mark',
  'ipsec-policy',
  'icmp-options',
  'tcp-flags',
  'limit',
  'log',
  'log-prefix',
  'jump-target',
  'address-list',
  'address-list-timeout',
] as const;

const RULE_INITIAL = { bytes: '0', packets: '0', dynamic: 'false', invalid: 'false' };

/**
 * Firewall rules: `disabled` is only shown when written (ROUTEROS-REST.md §5), so it has no
 * default here, unlike the other menus.
 */
export const FILTER_MENU: MenuDef = {
  path: '/ip/firewall/filter',
  writable: [...RULE_WRITABLE, 'reject-with', 'hw-offload'],
  booleans: ['disabled', 'log', 'hw-offload'],
  required: ['chain'],
  defaults: { action: 'accept', log: 'false', 'log-prefix': '' },
  initialState: RULE_INITIAL,
  canCreate: true,
  canDelete: true,
  named: false,
};

export const NAT_MENU: MenuDef = {
  ...FILTER_MENU,
  path: '/ip/firewall/nat',
  writable: [...RULE_WRITABLE, 'to-addresses', 'to-ports'],
  booleans: ['disabled', 'log'],
};
