import { parseCidr, prefixesOverlap } from '@wom/domain';
import { ROUTEROS_MENUS, type ApiCall, type CurrentRows, type RouterOsMenu, type RouterOsRow } from '../routeros-rest';

/**
 * A tiny in-memory RouterOS for planner specs: applies REST calls to tables the way a router
 * would (ROUTEROS-REST.md §2, §5, §7, §11). PUT appends, or inserts before `place-before`,
 * and assigns a new `*HEX` id; PATCH merges (`!prop` unsets, `place-before` is refused);
 * DELETE removes; POST move puts rows before `destination`. Rows are stored in read-back form
 * (booleans as true/false, keepalive without unit, /32 list entries as bare addresses, read-only
 * state added, secrets masked) so a plan that ignores those differences is caught. It also refuses what a
 * router refuses: duplicate interface names, overlapping allowed addresses on one interface,
 * a peer on a missing interface, and unknown ids.
 */
export function applyCallsToRows(tables: CurrentRows, calls: readonly ApiCall[]): CurrentRows {
  const state = new Map<RouterOsMenu, RouterOsRow[]>(ROUTEROS_MENUS.map((menu) => [menu, [...(tables[menu] ?? [])]]));
  let nextId = Math.max(0xff, ...[...state.values()].flat().map((row) => parseInt((row['.id'] ?? '*0').slice(1), 16) % 0x10000000)) + 1;
  for (const call of calls) {
    const { menu, rest } = parsePath(call.path);
    const rows = state.get(menu) ?? [];
    const body = call.body ?? {};
    if (call.method === 'PUT' && rest === '') {
      const { 'place-before': before, ...fields } = body;
      const row = readBack(menu, { '.id': `*${(nextId++).toString(16).toUpperCase()}`, ...fields });
      refuseInvalid(menu, row, rows, state);
      rows.splice(before === undefined ? rows.length : indexOf(rows, before), 0, row);
    } else if (call.method === 'PATCH') {
      if ('place-before' in body) throw new Error('400 unknown parameter place-before');
      const index = indexOf(rows, rest.slice(1));
      const merged: Record<string, string> = { ...rows[index] };
      for (const [field, value] of Object.entries(body)) {
        if (field.startsWith('!')) delete merged[field.slice(1)];
        else merged[field] = value;
      }
      const row = readBack(menu, merged);
      refuseInvalid(menu, row, rows.filter((_, i) => i !== index), state);
      rows[index] = row;
    } else if (call.method === 'DELETE') {
      rows.splice(indexOf(rows, rest.slice(1)), 1);
    } else if (call.method === 'POST' && rest === '/move') {
      const moving = (body['numbers'] ?? '').split(',').map((id) => rows[indexOf(rows, id)] as RouterOsRow);
      const remaining = rows.filter((row) => !moving.includes(row));
      remaining.splice(indexOf(remaining, body['destination'] ?? ''), 0, ...moving);
      rows.splice(0, rows.length, ...remaining);
    } else {
      throw new Error(`406 no such command: ${call.method} ${call.path}`);
    }
    state.set(menu, rows);
  }
  return Object.fromEntries(state);
}

function parsePath(path: string): { menu: RouterOsMenu; rest: string } {
  const menu = [...ROUTEROS_MENUS].sort((a, b) => b.length - a.length).find((candidate) => path.startsWith(`/rest${candidate}`));
  if (!menu) throw new Error(`400 no such command prefix: ${path}`);
  return { menu, rest: path.slice(`/rest${menu}`.length) };
}

function indexOf(rows: readonly RouterOsRow[], id: string): number {
  const index = rows.findIndex((row) => row['.id'] === id);
  if (index < 0) throw new Error(`404 Not Found: ${id}`);
  return index;
}

const READ_ONLY_DEFAULTS: Record<RouterOsMenu, Record<string, string>> = {
  '/interface/wireguard': { 'listen-port': '13231', mtu: '1420', 'private-key': '*****', 'public-key': 'GENERATEDpublicKEYxxxxxxxxxxxxxxxxxxxxxxxxx=', running: 'true', disabled: 'false' },
  '/interface/wireguard/peers': { 'endpoint-address': '', 'endpoint-port': '0', rx: '0', tx: '0', disabled: 'false', dynamic: 'false' },
  '/ip/address': { 'actual-interface': '', network: '', invalid: 'false', dynamic: 'false', disabled: 'false' },
  '/ip/route': { distance: '1', 'routing-table': 'main', scope: '30', 'target-scope': '10', active: 'true', static: 'true', dynamic: 'false' },
  '/ip/firewall/address-list': { 'creation-time': '2025-06-01 12:00:00', dynamic: 'false', disabled: 'false' },
  // Firewall rules written without `disabled` read back without it (ROUTEROS-REST.md §5).
  '/ip/firewall/filter': { bytes: '0', packets: '0', log: 'false', 'log-prefix': '', invalid: 'false', dynamic: 'false' },
  '/ip/firewall/nat': { bytes: '0', packets: '0', log: 'false', 'log-prefix': '', invalid: 'false', dynamic: 'false' },
};

function readBack(menu: RouterOsMenu, row: Record<string, string>): RouterOsRow {
  const out: Record<string, string> = { ...READ_ONLY_DEFAULTS[menu], ...row };
  for (const [field, value] of Object.entries(out)) {
    if (value === 'yes') out[field] = 'true';
    if (value === 'no') out[field] = 'false';
  }
  if (out['persistent-keepalive']?.endsWith('s')) out['persistent-keepalive'] = out['persistent-keepalive'].slice(0, -1);
  if (out['persistent-keepalive'] === '0') delete out['persistent-keepalive'];
  if (menu === '/ip/firewall/address-list' && out['address']?.endsWith('/32')) out['address'] = out['address'].slice(0, -3);
  if (out['comment'] === '') delete out['comment'];
  // Read as a user without the `sensitive` policy, as a least-privilege deploy user would.
  if (out['private-key'] !== undefined) out['private-key'] = '*****';
  return out;
}

function refuseInvalid(menu: RouterOsMenu, row: RouterOsRow, others: readonly RouterOsRow[], state: Map<RouterOsMenu, RouterOsRow[]>): void {
  if (menu === '/interface/wireguard' && others.some((other) => other['name'] === row['name'])) {
    throw new Error('400 failure: already have interface with such name');
  }
  if (menu === '/ip/firewall/address-list' && others.some((other) => other['list'] === row['list'] && other['address'] === row['address'])) {
    throw new Error('400 failure: already have such entry');
  }
  if (menu !== '/interface/wireguard/peers') return;
  if (!(state.get('/interface/wireguard') ?? []).some((iface) => iface['name'] === row['interface'])) {
    throw new Error('400 input does not match any value of interface');
  }
  const prefixes = (value: string | undefined) => (value ?? '').split(',').filter(Boolean).map((cidr) => parseCidr(cidr.includes('/') ? cidr : `${cidr}/32`));
  const mine = prefixes(row['allowed-address']);
  const clash = others.find(
    (other) => other['interface'] === row['interface'] && prefixes(other['allowed-address']).some((p) => mine.some((q) => prefixesOverlap(p, q))),
  );
  if (clash) throw new Error(`400 failure: allowed-address overlaps peer ${clash['.id']}`);
}
