import { BOOL, RULE_COMMON_FIELDS, TEXT, type FieldSpec, type MenuDef } from './menu.model';

/**
 * `/ip/firewall/address-list` (ROUTEROS-REST.md §8): address, prefix, range or DNS name; a
 * host prefix prints as the bare address; an entry with a `timeout` is dynamic; `list` plus
 * `address` is unique: "failure: already have such entry" (§6, TIKOCI).
 */
export const ADDRESS_LIST_MENU: MenuDef = {
  path: '/ip/firewall/address-list',
  fields: {
    comment: TEXT,
    disabled: { type: { kind: 'bool' }, default: 'false' },
    list: TEXT,
    address: { type: { kind: 'list-entry' } },
    timeout: { type: { kind: 'duration', off: true } },
  },
  required: ['list', 'address'],
  initialState: { dynamic: 'false' },
  canCreate: true,
  canDelete: true,
  named: false,
  onCreate: (row, tables) => {
    row['creation-time'] = tables.clockText();
  },
  derive: (row) => ({ dynamic: row['timeout'] === undefined ? 'false' : 'true' }),
  check: (row, others) =>
    others.some((other) => other['list'] === row['list'] && other['address'] === row['address']) ? 'failure: already have such entry' : undefined,
};

const INTERFACE: FieldSpec = { type: { kind: 'interface', negatable: true } };
const ADDRESS: FieldSpec = { type: { kind: 'address-match' } };
const PORTS: FieldSpec = { type: { kind: 'ports' } };

/** Matchers and options shared by filter and NAT rules (ROUTEROS-REST.md §8; MikroTik manual "Filter", "NAT"). */
const RULE_FIELDS: Readonly<Record<string, FieldSpec>> = {
  ...RULE_COMMON_FIELDS,
  chain: TEXT,
  protocol: { type: { kind: 'protocol' } },
  'src-address': ADDRESS,
  'dst-address': ADDRESS,
  'src-port': PORTS,
  'dst-port': PORTS,
  port: PORTS,
  'in-interface': INTERFACE,
  'out-interface': INTERFACE,
  'in-interface-list': TEXT,
  'out-interface-list': TEXT,
  'src-address-list': TEXT,
  'dst-address-list': TEXT,
  'src-address-type': TEXT,
  'dst-address-type': TEXT,
  'connection-state': { type: { kind: 'enum', values: ['established', 'invalid', 'new', 'related', 'untracked'], list: true, negatable: true } },
  'connection-nat-state': { type: { kind: 'enum', values: ['srcnat', 'dstnat'], list: true, negatable: true } },
  'connection-mark': TEXT,
  'connection-type': TEXT,
  'packet-mark': TEXT,
  'routing-mark': TEXT,
  'ipsec-policy': TEXT,
  'icmp-options': TEXT,
  'tcp-flags': TEXT,
  limit: TEXT,
  log: { ...BOOL, default: 'false' },
  'log-prefix': { ...TEXT, default: '' },
  'jump-target': TEXT,
  'address-list': TEXT,
  'address-list-timeout': TEXT,
};

const COMMON_ACTIONS = ['accept', 'add-dst-to-address-list', 'add-src-to-address-list', 'jump', 'log', 'passthrough', 'return'];
const PORT_PROTOCOLS = ['tcp', 'udp', 'udp-lite', 'dccp', 'sctp'];

/**
 * Ports only mean something for port protocols (ROUTEROS-REST.md §8, "need `protocol`").
 * No capture gives RouterOS's wording for this refusal [?].
 */
function portsNeedProtocol(row: Readonly<Record<string, string>>): string | undefined {
  const port = ['src-port', 'dst-port', 'port'].find((field) => row[field] !== undefined);
  if (port === undefined || PORT_PROTOCOLS.includes(row['protocol'] ?? '')) return undefined;
  return `failure: ${port} can be set only for tcp, udp, udp-lite, dccp and sctp protocols`;
}

/** Firewall rules: `chain` is required, `action` defaults to accept, `disabled` shows only once written (§5, §8). */
export const FILTER_MENU: MenuDef = {
  path: '/ip/firewall/filter',
  fields: {
    ...RULE_FIELDS,
    action: { type: { kind: 'enum', values: [...COMMON_ACTIONS, 'drop', 'fasttrack-connection', 'reject', 'tarpit'] }, default: 'accept' },
    'reject-with': {
      type: {
        kind: 'enum',
        values: ['icmp-network-unreachable', 'icmp-host-unreachable', 'icmp-port-unreachable', 'icmp-protocol-unreachable', 'icmp-network-prohibited', 'icmp-host-prohibited', 'icmp-admin-prohibited', 'tcp-reset'],
      },
    },
    'hw-offload': BOOL,
  },
  required: ['chain'],
  initialState: { bytes: '0', packets: '0', dynamic: 'false', invalid: 'false' },
  canCreate: true,
  canDelete: true,
  named: false,
  check: portsNeedProtocol,
};

/** NAT adds the translating actions and their `to-addresses` / `to-ports` (§8). */
export const NAT_MENU: MenuDef = {
  ...FILTER_MENU,
  path: '/ip/firewall/nat',
  fields: {
    ...RULE_FIELDS,
    action: {
      type: { kind: 'enum', values: [...COMMON_ACTIONS, 'dst-nat', 'endpoint-independent-nat', 'masquerade', 'netmap', 'redirect', 'same', 'src-nat'] },
      default: 'accept',
    },
    'to-addresses': { type: { kind: 'nat-target' } },
    'to-ports': PORTS,
  },
};
