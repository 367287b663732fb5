import { generateKeyPair } from '@wom/domain';
import type { Row } from '../emulator.model';
import { wireguardPublicKey } from '../wireguard-keys';
import { COMMON_FIELDS, TEXT, type MenuDef, type RouterTables } from './menu.model';

/** RouterOS keeps interface names unique across every kind of interface (ROUTEROS-REST.md §6). */
const NAME_TAKEN = 'failure: already have interface with such name';

function nameTaken(row: Row, others: readonly Row[], tables: RouterTables, kind: 'port' | 'wg'): boolean {
  const otherKind = tables.rows('/interface').filter((iface) => (kind === 'wg' ? iface['type'] !== 'wg' : iface['type'] === 'wg'));
  return [...otherKind, ...others].some((other) => other['.id'] !== row['.id'] && other['name'] === row['name']);
}

/** Static ports and bridges. RouterOS has no `add` here and refuses `remove` with 406 (ROUTEROS-REST.md §6). */
export const INTERFACE_MENU: MenuDef = {
  path: '/interface',
  fields: { ...COMMON_FIELDS, name: TEXT, mtu: { type: { kind: 'int', min: 0, max: 65536 } } },
  canCreate: false,
  canDelete: false,
  named: true,
  derive: (row) => ({ running: row['disabled'] === 'true' ? 'false' : 'true' }),
  check: (row, others, tables) => (nameTaken(row, others, tables, 'port') ? NAME_TAKEN : undefined),
};

/**
 * `/interface/wireguard` (MikroTik manual "WireGuard"; ROUTEROS-REST.md §8): `mtu` is an
 * integer 0..65536 (default 1420), `listen-port` defaults to 13231, `vrf` exists from 7.21
 * (ansible `_api_data.py`, versioned_fields), `private-key` is generated when left out.
 */
export const WIREGUARD_MENU: MenuDef = {
  path: '/interface/wireguard',
  fields: {
    ...COMMON_FIELDS,
    name: TEXT,
    // Port 0 is not a port a WireGuard socket can listen on; the range is an assumption [?].
    'listen-port': { type: { kind: 'int', min: 1, max: 65535 }, default: '13231' },
    mtu: { type: { kind: 'int', min: 0, max: 65536 }, default: '1420' },
    'private-key': { type: { kind: 'wg-key' } },
    vrf: { type: { kind: 'text' }, since: '7.21', default: 'main' },
  },
  canCreate: true,
  canDelete: true,
  named: true,
  // The router makes its own key, and a name like `wireguard1`, when none is given (ROUTEROS-REST.md §8 sample).
  onCreate: (row, tables) => {
    if (row['private-key'] === undefined) row['private-key'] = generateKeyPair().privateKey;
    if (row['name'] === undefined) {
      const names = new Set(tables.interfaceNames());
      let n = 1;
      while (names.has(`wireguard${n}`)) n++;
      row['name'] = `wireguard${n}`;
    }
  },
  derive: (row, tables) => ({
    running: row['disabled'] === 'true' || tables.wireguardDown ? 'false' : 'true',
    'public-key': wireguardPublicKey(row['private-key'] ?? ''),
  }),
  check: (row, others, tables) => (nameTaken(row, others, tables, 'wg') ? NAME_TAKEN : undefined),
};
