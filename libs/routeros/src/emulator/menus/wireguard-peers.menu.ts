import { generateKeyPair } from '@wom/domain';
import { parsePrefix, prefixesOverlap, type Prefix } from '../addresses';
import { atLeast } from '../version-gates';
import { BOOL, COMMON_FIELDS, PORT_OR_ZERO, TEXT, type MenuDef } from './menu.model';

const KEY = { type: { kind: 'wg-key' } } as const;

/**
 * `/interface/wireguard/peers` by release (ROUTEROS-REST.md §8):
 * - 7.12 adds the client-config fields and a peer `private-key` (`auto` makes one): the 7.12
 *   changelog, "wireguard - allow to specify client settings under peer menu which will be
 *   included in configuration file and QR code", quoted at
 *   https://forum.mikrotik.com/t/integration-of-wireguard-to-usermanager-v7-x/171096;
 * - 7.15 adds `name` and `is-responder` (7.15 changelog quoted in
 *   https://github.com/ansible-collections/community.routeros/pull/304);
 * - 7.17 renames `is-responder` to `responder`; the old name then answers
 *   `unknown parameter is-responder` (https://github.com/terraform-routeros/terraform-provider-routeros/issues/654,
 *   https://github.com/ansible-collections/community.routeros/pull/364);
 * - 7.21 adds `client-allowed-address`, default `::/0`, and prints an empty `client-endpoint`
 *   (ansible `_api_data.py`; the captured 7.21-era row in ROUTEROS-REST.md §8).
 * `persistent-keepalive` 0 means off, and a row without keepalive does not show the property
 * (the captured row has none); otherwise it prints as a time value, `25s` [?].
 */
export const WIREGUARD_PEERS_MENU: MenuDef = {
  path: '/interface/wireguard/peers',
  fields: {
    ...COMMON_FIELDS,
    interface: { type: { kind: 'interface', wireguard: true } },
    'public-key': KEY,
    'allowed-address': { type: { kind: 'prefix-list' } },
    'endpoint-address': { type: { kind: 'host' }, default: '' },
    'endpoint-port': { ...PORT_OR_ZERO, default: '0' },
    'persistent-keepalive': { type: { kind: 'duration', off: true } },
    'preshared-key': KEY,
    'client-address': { type: { kind: 'prefix-list' }, since: '7.12' },
    'client-dns': { ...TEXT, since: '7.12' },
    'client-endpoint': { type: { kind: 'host' }, since: '7.12' },
    'client-keepalive': { type: { kind: 'duration', off: true }, since: '7.12' },
    'client-listen-port': { ...PORT_OR_ZERO, since: '7.12' },
    'private-key': { type: { kind: 'wg-key', keywords: ['auto', 'none'] }, since: '7.12' },
    name: { ...TEXT, since: '7.15' },
    'is-responder': { ...BOOL, since: '7.15', until: '7.17' },
    responder: { ...BOOL, since: '7.17' },
    'client-allowed-address': { type: { kind: 'prefix-list' }, since: '7.21', default: '::/0' },
  },
  required: ['interface', 'public-key', 'allowed-address'],
  initialState: { rx: '0', tx: '0', dynamic: 'false' },
  canCreate: true,
  canDelete: true,
  named: false,
  onCreate: (row, tables) => {
    if (row['private-key'] === 'auto') row['private-key'] = generateKeyPair().privateKey;
    // The 7.21 capture prints an empty client-endpoint on a peer that never set one.
    if (row['client-endpoint'] === undefined && atLeast(tables.version, '7.21')) row['client-endpoint'] = '';
  },
  check: (row, others) => {
    // One public key per router, whatever the interface: "failure: entry already exists"
    // (MikroTik forum answer quoted in https://github.com/nasnet-community/nasnet-panel/pull/768).
    if (others.some((other) => other['public-key'] === row['public-key'])) return 'failure: entry already exists';
    // "Allowed-address range cannot overlap on one interface" (MikroTik manual "WireGuard";
    // ROUTEROS-REST.md §8). No capture gives RouterOS's wording for this refusal [?].
    const mine = prefixes(row['allowed-address']);
    const clash = others.find((other) => other['interface'] === row['interface'] && prefixes(other['allowed-address']).some((p) => mine.some((q) => prefixesOverlap(p, q))));
    return clash ? `failure: allowed-address overlaps with peer ${clash['.id'] ?? ''}` : undefined;
  },
};

function prefixes(value: string | undefined): Prefix[] {
  return (value ?? '').split(',').flatMap((text) => {
    const prefix = parsePrefix(text);
    return prefix ? [prefix] : [];
  });
}
