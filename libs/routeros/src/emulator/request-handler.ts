import { present, requirePolicy, requireWrite } from './access';
import { COMMANDS } from './commands';
import { badRequest, RouterOsFailure, type EmulatorResponse, type Session } from './emulator.model';
import { MENUS_BY_PATH } from './menus';
import { matchesFilters, matchesQuery, parseProplist, project } from './query';
import type { RouterState } from './router-state';
import { SINGLETONS } from './singletons';
import { toWireString } from './values';

export interface RestRequest {
  readonly method: string;
  /** Path below `/rest`, decoded, e.g. `/ip/address/*3`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: Readonly<Record<string, unknown>>;
  readonly session: Session;
}

/** Table menus, longest first, so `/interface/wireguard/peers` wins over `/interface`. */
const MENU_PATHS = [...MENUS_BY_PATH.keys()].sort((a, b) => b.length - a.length);

/**
 * Maps one authenticated REST request onto the router state (ROUTEROS-REST.md §2–§4).
 * Throws RouterOsFailure for RouterOS refusals; the HTTP layer renders them.
 */
export function handleRestRequest(state: RouterState, request: RestRequest): EmulatorResponse {
  const { method, path, body, session } = request;
  if (method === 'HEAD') throw new RouterOsFailure(501);
  const command = COMMANDS[path];
  if (command && method === 'POST') {
    requirePolicy(session, command.policy);
    const unknown = Object.keys(body).find((name) => !command.params.includes(name));
    if (unknown !== undefined) throw badRequest(`unknown parameter ${unknown}`);
    return { status: 200, body: command.run(state, body, session) };
  }
  const singleton = SINGLETONS[path];
  if (singleton && method === 'GET') {
    requirePolicy(session, 'read');
    const row = project(singleton(state), parseProplist(request.query.get('.proplist') ?? undefined), false);
    return { status: 200, body: state.options.singletonsAsArrays ? [row] : row };
  }
  const menu = MENU_PATHS.find((candidate) => path === candidate || path.startsWith(`${candidate}/`));
  if (!menu) throw badRequest(`no such command or directory (${path.split('/').filter(Boolean).pop() ?? ''})`);
  const rest = path.slice(menu.length + 1);
  if (rest.includes('/')) throw badRequest(`no such command or directory (${rest.split('/')[0] ?? ''})`);
  return method === 'POST' ? menuCommand(state, menu, rest, request) : menuVerb(state, menu, rest, request);
}

function menuVerb(state: RouterState, path: string, ref: string, { method, query, body, session }: RestRequest): EmulatorResponse {
  const menu = state.menu(path);
  if (method === 'GET') {
    requirePolicy(session, 'read');
    const proplist = parseProplist(query.get('.proplist') ?? undefined);
    if (ref === '') {
      const filters = [...query.entries()].filter(([key]) => key !== '.proplist');
      const rows = state.rows(path).map((row) => present(row, session, menu)).filter((row) => matchesFilters(row, filters));
      return { status: 200, body: rows.map((row) => project(row, proplist, true)) };
    }
    const row = state.find(path, ref);
    if (!row) throw new RouterOsFailure(404);
    return { status: 200, body: project(present(row, session, menu), proplist, true) };
  }
  requireWrite(session, menu);
  if (method === 'PUT' && ref === '') return { status: 201, body: present(state.create(path, body, session.name), session, menu) };
  if (method === 'PATCH' && ref !== '') {
    // place-before only exists on create (ROUTEROS-REST.md §7).
    if ('place-before' in body) throw badRequest('unknown parameter place-before');
    return { status: 200, body: present(state.update(path, ref, body, session.name), session, menu) };
  }
  if (method === 'DELETE' && ref !== '') {
    state.remove(path, ref, session.name);
    return { status: 204 };
  }
  throw badRequest(`no such command or directory (${ref || method.toLowerCase()})`);
}

function menuCommand(state: RouterState, path: string, command: string, { body, session }: RestRequest): EmulatorResponse {
  const menu = state.menu(path);
  if (command === 'print') {
    requirePolicy(session, 'read');
    const query = body['.query'];
    const words = query === undefined ? [] : Array.isArray(query) ? query.map(String) : [String(query)];
    const rows = state.rows(path).map((row) => present(row, session, menu)).filter((row) => matchesQuery(row, words));
    if ('count-only' in body) return { status: 200, body: { ret: String(rows.length) } };
    const proplist = parseProplist(body['.proplist']);
    return { status: 200, body: rows.map((row) => project(row, proplist, false)) };
  }
  requireWrite(session, menu);
  const targets = (): string[] => toWireString('numbers', body['numbers'] ?? body['.id'] ?? '').split(',').filter(Boolean);
  const { numbers: _numbers, '.id': _id, ...fields } = body;
  switch (command) {
    case 'add':
      return { status: 200, body: { ret: state.create(path, body, session.name)['.id'] } };
    case 'set':
      if ('place-before' in fields) throw badRequest('unknown parameter place-before');
      for (const ref of targets()) state.update(path, ref, fields, session.name);
      return { status: 200, body: [] };
    case 'remove': {
      // `remove` takes the rows to remove and nothing else (any other argument: ROUTEROS-REST.md §6, unknown parameter).
      const unknown = Object.keys(fields)[0];
      if (unknown !== undefined) throw badRequest(`unknown parameter ${unknown}`);
      if (body['numbers'] === undefined && body['.id'] === undefined) throw badRequest('missing =numbers=');
      state.removeAll(path, targets(), session.name);
      return { status: 200, body: [] };
    }
    case 'move': {
      const destination = body['destination'] === undefined ? undefined : toWireString('destination', body['destination']);
      state.move(path, targets(), destination);
      return { status: 200, body: [] };
    }
    default:
      throw badRequest(`no such command or directory (${command})`);
  }
}
