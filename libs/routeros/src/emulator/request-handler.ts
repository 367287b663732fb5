import { backupSave, execute, exportCommand, ping, resource, routerboard } from './commands';
import { badRequest, RouterOsFailure, type EmulatedUser, type EmulatorResponse, type Policy, type Row } from './emulator.model';
import { MENUS_BY_PATH } from './menus';
import { matchesFilters, matchesQuery, parseProplist, project } from './query';
import type { RouterState } from './router-state';
import { sortedRow, toWireString } from './values';

export interface RestRequest {
  readonly method: string;
  /** Path below `/rest`, decoded, e.g. `/ip/address/*3`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: Readonly<Record<string, unknown>>;
  readonly user: EmulatedUser;
}

type Body = Readonly<Record<string, unknown>>;
type Command = { policy: Policy; run: (state: RouterState, body: Body, user: EmulatedUser) => unknown };

/** POST endpoints that are not table menus. */
const COMMANDS: Readonly<Record<string, Command>> = {
  '/ping': { policy: 'test', run: (state, body) => ping(state, body) },
  '/execute': { policy: 'write', run: (state, body) => execute(state, body) },
  '/export': { policy: 'read', run: (state, body) => exportCommand(state, body) },
  '/system/backup/save': { policy: 'write', run: (state, body) => backupSave(state, body) },
  '/system/identity/set': {
    policy: 'write',
    run: (state, body) => {
      if (body['name'] !== undefined) state.identity = toWireString('name', body['name']);
      return [];
    },
  },
};

const SINGLETONS: Readonly<Record<string, (state: RouterState) => Row>> = {
  '/system/identity': (state) => ({ name: state.identity }),
  '/system/resource': resource,
  '/system/routerboard': routerboard,
};

/** Table menus, longest first, so `/interface/wireguard/peers` wins over `/interface`. */
const MENU_PATHS = [...MENUS_BY_PATH.keys()].sort((a, b) => b.length - a.length);

/**
 * Maps one authenticated REST request onto the router state (ROUTEROS-REST.md §2–§4).
 * Throws RouterOsFailure for RouterOS refusals; the HTTP layer renders them.
 */
export function handleRestRequest(state: RouterState, request: RestRequest): EmulatorResponse {
  const { method, path, body, user } = request;
  if (method === 'HEAD') throw new RouterOsFailure(501);
  const command = COMMANDS[path];
  if (command && method === 'POST') {
    requirePolicy(user, command.policy);
    return { status: 200, body: command.run(state, body, user) };
  }
  const singleton = SINGLETONS[path];
  if (singleton && method === 'GET') {
    requirePolicy(user, 'read');
    const row = singleton(state);
    return { status: 200, body: state.options.singletonsAsArrays ? [row] : row };
  }
  const menu = MENU_PATHS.find((candidate) => path === candidate || path.startsWith(`${candidate}/`));
  if (!menu) throw badRequest(`no such command or directory (${path.split('/').filter(Boolean).pop() ?? ''})`);
  const rest = path.slice(menu.length + 1);
  if (rest.includes('/')) throw badRequest(`no such command or directory (${rest.split('/')[0] ?? ''})`);
  return method === 'POST' ? menuCommand(state, menu, rest, request) : menuVerb(state, menu, rest, request);
}

function menuVerb(state: RouterState, menu: string, ref: string, { method, query, body, user }: RestRequest): EmulatorResponse {
  if (method === 'GET') {
    requirePolicy(user, 'read');
    const proplist = parseProplist(query.get('.proplist') ?? undefined);
    if (ref === '') {
      const filters = [...query.entries()].filter(([key]) => key !== '.proplist');
      const rows = state.rows(menu).filter((row) => matchesFilters(row, filters));
      return { status: 200, body: rows.map((row) => project(present(row, user), proplist, true)) };
    }
    const row = state.find(menu, ref);
    if (!row) throw new RouterOsFailure(404);
    return { status: 200, body: project(present(row, user), proplist, true) };
  }
  requirePolicy(user, 'write');
  if (method === 'PUT' && ref === '') return { status: 201, body: present(state.create(menu, body, user.name), user) };
  if (method === 'PATCH' && ref !== '') {
    // place-before only exists on create (ROUTEROS-REST.md §7).
    if ('place-before' in body) throw badRequest('unknown parameter place-before');
    return { status: 200, body: present(state.update(menu, ref, body, user.name), user) };
  }
  if (method === 'DELETE' && ref !== '') {
    state.remove(menu, ref, user.name);
    return { status: 204 };
  }
  throw badRequest(`no such command or directory (${ref || method.toLowerCase()})`);
}

function menuCommand(state: RouterState, menu: string, command: string, { body, user }: RestRequest): EmulatorResponse {
  if (command === 'print') {
    requirePolicy(user, 'read');
    const query = body['.query'];
    const words = query === undefined ? [] : Array.isArray(query) ? query.map(String) : [String(query)];
    const rows = state.rows(menu).filter((row) => matchesQuery(row, words));
    if ('count-only' in body) return { status: 200, body: { ret: String(rows.length) } };
    const proplist = parseProplist(body['.proplist']);
    return { status: 200, body: rows.map((row) => project(present(row, user), proplist, false)) };
  }
  requirePolicy(user, 'write');
  const targets = (): string[] => toWireString('numbers', body['numbers'] ?? body['.id'] ?? '').split(',').filter(Boolean);
  const { numbers: _numbers, '.id': _id, ...fields } = body;
  switch (command) {
    case 'add':
      return { status: 200, body: { ret: state.create(menu, body, user.name)['.id'] } };
    case 'set':
      if ('place-before' in fields) throw badRequest('unknown parameter place-before');
      for (const ref of targets()) state.update(menu, ref, fields, user.name);
      return { status: 200, body: [] };
    case 'remove':
      for (const ref of targets()) state.remove(menu, ref, user.name);
      return { status: 200, body: [] };
    case 'move': {
      const destination = body['destination'] === undefined ? undefined : toWireString('destination', body['destination']);
      state.move(menu, targets(), destination);
      return { status: 200, body: [] };
    }
    default:
      throw badRequest(`no such command or directory (${command})`);
  }
}

/** Authenticated but lacking a policy: 500, not 403 (ROUTEROS-REST.md §6). */
function requirePolicy(user: EmulatedUser, policy: Policy): void {
  if (!user.policies.includes('api')) throw new RouterOsFailure(500, 'std failure: not allowed (9)');
  if (!user.policies.includes(policy)) throw new RouterOsFailure(500, 'not enough permissions (9)');
}

/** How `user` sees a row: keys sorted, secrets masked without `sensitive`. */
function present(row: Row, user: EmulatedUser): Row {
  const out = sortedRow(row);
  if (!user.policies.includes('sensitive')) {
    for (const field of ['private-key', 'preshared-key']) if (out[field] !== undefined) out[field] = '*****';
  }
  return out;
}
