import { ipv4Network, parsePrefix } from '../addresses';
import { COMMON_FIELDS, BOOL, TEXT, type FieldSpec, type MenuDef } from './menu.model';

/**
 * `/ip/address` (ROUTEROS-REST.md §8): a bare address is stored as `/32`, `network` and
 * `actual-interface` are derived. IPv4 only: IPv6 addresses live in `/ipv6/address`.
 * `broadcast` and `netmask` exist from 7.15 (ansible `_api_data.py`, versioned_fields) and
 * `vrf` in no 7.x release (https://github.com/terraform-routeros/terraform-provider-routeros/issues/944,
 * issue 999: "unknown parameter vrf").
 */
export const IP_ADDRESS_MENU: MenuDef = {
  path: '/ip/address',
  fields: {
    ...COMMON_FIELDS,
    address: { type: { kind: 'prefix' } },
    interface: { type: { kind: 'interface' } },
    network: { type: { kind: 'address' } },
    broadcast: { type: { kind: 'address' }, since: '7.15' },
    netmask: { type: { kind: 'address' }, since: '7.15' },
  },
  required: ['address', 'interface'],
  initialState: { dynamic: 'false', invalid: 'false' },
  canCreate: true,
  canDelete: true,
  named: false,
  derive: (row) => {
    const prefix = parsePrefix(row['address'] ?? '');
    return { network: prefix?.family === 4 ? ipv4Network(prefix) : '', 'actual-interface': row['interface'] ?? '' };
  },
  check: (row, others) => {
    if (parsePrefix(row['address'] ?? '')?.family !== 4) return 'invalid value for argument address';
    const duplicate = others.some((other) => other['address'] === row['address'] && other['interface'] === row['interface']);
    // "failure: already have such address" (ROUTEROS-REST.md §6).
    return duplicate ? 'failure: already have such address' : undefined;
  },
};

const BYTE: FieldSpec = { type: { kind: 'int', min: 0, max: 255 } };

/**
 * `/ip/route` (ROUTEROS-REST.md §8): defaults distance 1, routing-table main, scope 30,
 * target-scope 10; `gateway` is an address, an interface or `address%interface`;
 * `blackhole` is a presence flag (§5). Ranges are the manual's integer [0..255].
 */
export const IP_ROUTE_MENU: MenuDef = {
  path: '/ip/route',
  fields: {
    ...COMMON_FIELDS,
    'dst-address': { type: { kind: 'prefix' }, default: '0.0.0.0/0' },
    gateway: { type: { kind: 'gateway' } },
    distance: { ...BYTE, default: '1' },
    'routing-table': { ...TEXT, default: 'main' },
    scope: { ...BYTE, default: '30' },
    'target-scope': { ...BYTE, default: '10' },
    'check-gateway': { type: { kind: 'enum', values: ['ping', 'arp', 'bfd', 'bfd-multihop', 'none'] } },
    'pref-src': { type: { kind: 'address' } },
    'vrf-interface': { type: { kind: 'interface' } },
    'suppress-hw-offload': BOOL,
    blackhole: TEXT,
  },
  initialState: { dynamic: 'false', static: 'true', inactive: 'false' },
  canCreate: true,
  canDelete: true,
  named: false,
  derive: (row) => ({ active: row['disabled'] === 'true' ? 'false' : 'true' }),
};
