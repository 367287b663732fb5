import { SECRET_FIELDS } from './access';
import { badRequest, RouterOsFailure, type Policy, type Row, type Session } from './emulator.model';
import { normalizeValue } from './field-types';
import { TABLE_MENUS } from './menus';
import type { RouterState } from './router-state';
import { toWireString } from './values';

/**
 * POST endpoints that are not table menus (ROUTEROS-REST.md §2, §7). Each names the policy
 * it needs and the arguments it takes: any other argument is `unknown parameter <name>`, as
 * on every RouterOS command. Outputs are deterministic so tests can assert them exactly.
 */
export interface Command {
  readonly policy: Policy;
  readonly params: readonly string[];
  run(state: RouterState, body: Readonly<Record<string, unknown>>, session: Session): unknown;
}

/**
 * `/ping`: one cumulative row per probe; the last is the summary. Addresses listed as
 * reachable answer in 1–3 ms, others time out. Without `count` a real router runs until the
 * 60 s session limit; the emulator answers that outcome at once.
 */
function ping(state: RouterState, body: Readonly<Record<string, unknown>>): Row[] {
  if (body['address'] === undefined) throw badRequest('missing =address=');
  if (body['count'] === undefined) throw badRequest('Session closed');
  const host = toWireString('address', body['address']);
  const count = Number(normalizeValue('count', { kind: 'int', min: 1, max: 4294967295 }, toWireString('count', body['count']), state));
  const reachable = state.reachable.has(host);
  const rows: Row[] = [];
  const rtts: number[] = [];
  for (let seq = 0; seq < count; seq++) {
    const sent = seq + 1;
    const row: Row = { host, seq: String(seq), sent: String(sent), size: '56' };
    if (reachable) {
      rtts.push(1 + (seq % 3));
      Object.assign(row, { ttl: '64', time: `${rtts[rtts.length - 1]}ms` });
    } else {
      row['status'] = 'timeout';
    }
    const received = rtts.length;
    Object.assign(row, { received: String(received), 'packet-loss': String(Math.round((100 * (sent - received)) / sent)) });
    if (received > 0) {
      const avg = rtts.reduce((a, b) => a + b, 0) / received;
      Object.assign(row, { 'min-rtt': `${Math.min(...rtts)}ms`, 'avg-rtt': `${Math.round(avg)}ms`, 'max-rtt': `${Math.max(...rtts)}ms` });
    }
    rows.push(row);
  }
  return rows;
}

/**
 * A minimal `/export`: one `add` line per configuration row. Since v7.1 secrets are left out
 * unless `show-sensitive` is given (ROUTEROS-REST.md §7), and even then only for a user with
 * the `sensitive` policy. Users are not part of an export.
 */
export function exportText(state: RouterState, showSecrets: boolean): string {
  const lines = [`# by RouterOS ${state.version.raw.split(' ')[0] ?? ''}`, `/system identity set name=${quote(state.identity)}`];
  for (const menu of TABLE_MENUS.filter((candidate) => candidate.canCreate && candidate.writePolicy === undefined)) {
    const rows = state.rows(menu.path).filter((row) => row['dynamic'] !== 'true');
    if (rows.length === 0) continue;
    lines.push(`/${menu.path.slice(1).split('/').join(' ')}`);
    for (const row of rows) {
      const words = Object.keys(menu.fields)
        .filter((field) => row[field] !== undefined && (showSecrets || !SECRET_FIELDS.includes(field)))
        .map((field) => `${field}=${quote(row[field] ?? '')}`);
      lines.push(`add ${words.join(' ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function quote(value: string): string {
  return /^[\w.:/*,+=@-]+$/.test(value) ? value : `"${value.replace(/(["\\$])/g, '\\$1')}"`;
}

/**
 * `/execute {script}`: async without `as-string` (returns a job id), synchronous with it.
 * Only `/export`, `:put` and identity print are understood; anything else returns empty
 * output, as a script with no output would. Script errors come back as 200 on RouterOS too.
 */
function execute(state: RouterState, body: Readonly<Record<string, unknown>>): { ret: string } {
  if (body['script'] === undefined) throw new RouterOsFailure(400, 'missing =script=');
  const script = toWireString('script', body['script']).trim();
  if (!('as-string' in body)) return { ret: state.nextJobId() };
  if (script === '/export') return { ret: exportText(state, false) };
  if (script === '/system identity print') return { ret: `  name: ${state.identity}\n` };
  const put = /^:put\s+"?(.*?)"?$/.exec(script);
  return { ret: put ? `${put[1] ?? ''}\n` : '' };
}

export const COMMANDS: Readonly<Record<string, Command>> = {
  '/ping': { policy: 'test', params: ['address', 'count', 'interval', 'size', 'interface', 'src-address', 'ttl', 'do-not-fragment', 'routing-table', 'vrf'], run: ping },
  '/execute': { policy: 'write', params: ['script', 'as-string', 'file'], run: execute },
  // `/export {file}` writes `<file>.rsc`; without `file` the text goes to the (absent) console.
  '/export': {
    policy: 'read',
    // The v7 manual still lists `hide-sensitive` (a no-op now that hiding is the default).
    params: ['file', 'compact', 'terse', 'verbose', 'show-sensitive', 'hide-sensitive'],
    run: (state, body, session) => {
      const showSecrets = 'show-sensitive' in body && session.policies.has('sensitive');
      if (body['file'] !== undefined) state.addFile(`${toWireString('file', body['file'])}.rsc`, exportText(state, showSecrets), 'script');
      return [];
    },
  },
  // `/system/backup/save {name}` writes `<name>.backup`; the reply is `[]` (ROUTEROS-REST.md §7).
  '/system/backup/save': {
    policy: 'write',
    params: ['name', 'password', 'dont-encrypt', 'encryption'],
    run: (state, body) => {
      const name = body['name'] === undefined ? `${state.identity}-backup` : toWireString('name', body['name']);
      state.addFile(`${name}.backup`, `RouterOS binary backup of ${state.identity}\n${exportText(state, true)}`, 'backup');
      return [];
    },
  },
  '/system/identity/set': {
    policy: 'write',
    params: ['name'],
    run: (state, body) => {
      if (body['name'] !== undefined) state.identity = toWireString('name', body['name']);
      return [];
    },
  },
};
