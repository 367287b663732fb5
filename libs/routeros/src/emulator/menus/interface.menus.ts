import { derivePublicKey, generateKeyPair, isIpv4, maskOf, parseIpv4, prefixesOverlap, type Ipv4Prefix } from '@wom/domain';
import type { Row } from '../emulator.model';
import { COMMON_WRITABLE, type MenuDef } from './menu.model';

/** Static ports and bridges. RouterOS has no `add` here and refuses `remove` with 406. */
export const INTERFACE_MENU: MenuDef = {
  path: '/interface',
  writable: [...COMMON_WRITABLE, 'mtu', 'name'],
  booleans: ['disabled'],
  canCreate: false,
  canDelete: false,
  named: true,
  derive: (row) => ({ running: row['disabled'] === 'true' ? 'false' : 'true' }),
};

export const WIREGUARD_MENU: MenuDef = {
  path: '/interface/wireguard',
  writable: [...COMMON_WRITABLE, 'name', 'listen-port', 'mtu', 'private-key'],
  booleans: ['disabled'],
  required: ['name'],
  defaults: { 'listen-port': '13231', mtu: '1420', disabled: 'false' },
  canCreate: true,
  canDelete: true,
  named: true,
  // The router makes its own key when none is given (ROUTEROS-REST.md §8).
  onCreate: (row) => {
    if (row['private-key'] === undefined) row['private-key'] = generateKeyPair().privateKey;
  },
  derive: (row, tables) => {
    const derived: Row = { running: row['disabled'] === 'true' || tables.wireguardDown ? 'false' : 'true' };
    try {
      derived['public-key'] = derivePublicKey(row['private-key'] ?? '');
    } catch {
      // A malformed key is refused by `check`; nothing to derive from it.
    }
    return derived;
  },
  check: (row, others, tables) => {
    if (row['public-key'] === undefined) return 'invalid value for argument private-key';
    const name = row['name'] ?? '';
    const ports = tables.rows('/interface').filter((iface) => iface['type'] !== 'wg');
    if ([...ports, ...others].some((other) => other['name'] === name)) return 'failure: already have interface with such name';
    return undefined;
  },
};

export const WIREGUARD_PEERS_MENU: MenuDef = {
  path: '/interface/wireguard/peers',
  writable: [
    ...COMMON_WRITABLE,
    'interface',
    'public-key',
    'allowed-address',
    'endpoint-address',
    'endpoint-port',
    'persistent-keepalive',
    'preshared-key',
    'name',
    'responder',
  ],
  booleans: ['disabled', 'responder'],
  required: ['interface', 'public-key', 'allowed-address'],
  defaults: { 'endpoint-address': '', 'endpoint-port': '0', disabled: 'false' },
  initialState: { rx: '0', tx: '0', dynamic: 'false' },
  canCreate: true,
  canDelete: true,
  named: false,
  normalize: (field, value) => (field === 'persistent-keepalive' && /^\d+$/.test(value) ? `${value}s` : value),
  check: (row, others, tables) => {
    if (!tables.rows('/interface/wireguard').some((iface) => iface['name'] === row['interface'])) {
      return 'input does not match any value of interface';
    }
    const mine = prefixes(row['allowed-address']);
    if (mine === undefined) return 'invalid value for argument allowed-address';
    const clash = others.find(
      (other) => other['interface'] === row['interface'] && (prefixes(other['allowed-address']) ?? []).some((p) => mine.some((q) => prefixesOverlap(p, q))),
    );
    // Wording not captured from a real router (ROUTEROS-REST.md §6 lists none for this case).
    return clash ? `failure: allowed-address overlaps with peer ${clash['.id'] ?? ''}` : undefined;
  },
};

/** `10.0.0.0/24,10.0.5.1` → prefixes; undefined when one is not an IPv4 address or prefix. */
function prefixes(value: string | undefined): Ipv4Prefix[] | undefined {
  const parts = (value ?? '').split(',').filter(Boolean);
  const parsed = parts.map((cidr) => {
    const [ip = '', length = '32'] = cidr.split('/');
    if (!isIpv4(ip) || !/^\d+$/.test(length) || Number(length) > 32) return undefined;
    return { base: (parseIpv4(ip) & maskOf(Number(length))) >>> 0, length: Number(length) };
  });
  return parsed.every((prefix) => prefix !== undefined) ? (parsed as Ipv4Prefix[]) : undefined;
}
