import { badRequest, RouterOsFailure, type Row } from './emulator.model';
import { TABLE_MENUS } from './menus';
import type { RouterState } from './router-state';
import { toWireString } from './values';

/**
 * Command endpoints and singletons (ROUTEROS-REST.md §2, §7, §8). Outputs are deterministic
 * so tests can assert them exactly.
 */

const DEFAULT_VERSION = '7.19.4 (stable)';

export function resource(state: RouterState): Row {
  const chr = (state.options.board ?? 'routerboard') !== 'routerboard';
  return {
    'architecture-name': chr ? 'x86_64' : 'arm64',
    'bad-blocks': '0',
    'board-name': chr ? 'CHR' : 'RB5009UG+S+',
    'build-time': '2025-05-20 10:00:00',
    cpu: chr ? 'QEMU Virtual CPU' : 'ARM64',
    'cpu-count': '2',
    'cpu-frequency': '2400',
    'cpu-load': '3',
    'factory-software': '7.1',
    'free-hdd-space': '85000000',
    'free-memory': '900000000',
    platform: 'MikroTik',
    'total-hdd-space': '100000000',
    'total-memory': '1073741824',
    uptime: '1d2h3m4s',
    version: state.options.version ?? DEFAULT_VERSION,
    'write-sect-since-reboot': '120',
    'write-sect-total': '4200',
  };
}

/** x86 CHR has no routerboard menu; arm64 CHR answers `routerboard: false` (ROUTEROS-REST.md §8). */
export function routerboard(state: RouterState): Row {
  const board = state.options.board ?? 'routerboard';
  if (board === 'chr-x86') throw badRequest('no such command or directory (routerboard)');
  if (board === 'chr-arm') return { routerboard: 'false' };
  const version = (state.options.version ?? DEFAULT_VERSION).split(' ')[0] ?? '';
  return {
    routerboard: 'true',
    'board-name': 'RB5009UG+S+',
    model: 'RB5009UG+S+',
    revision: 'r2',
    'serial-number': 'HE0812345678',
    'firmware-type': 'mvebu',
    'factory-firmware': '7.4',
    'current-firmware': version,
    'upgrade-firmware': version,
  };
}

/**
 * `/ping`: one cumulative row per probe; the last is the summary. Addresses listed as
 * reachable answer in 1–3 ms, others time out. Without `count` a real router runs until the
 * 60 s session limit; the emulator answers that outcome at once.
 */
export function ping(state: RouterState, body: Readonly<Record<string, unknown>>): Row[] {
  if (body['address'] === undefined) throw badRequest('missing =address=');
  if (body['count'] === undefined) throw badRequest('Session closed');
  const host = toWireString('address', body['address']);
  const count = Number(toWireString('count', body['count']));
  if (!Number.isInteger(count) || count < 1) throw badRequest('value of count out of range (1..4294967295)');
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

/** A minimal `/export`: one `add` line per configuration row; secrets only with `show-sensitive`. */
export function exportText(state: RouterState, showSensitive: boolean): string {
  const lines = [`# by RouterOS ${(state.options.version ?? DEFAULT_VERSION).split(' ')[0] ?? ''}`, `/system identity set name=${quote(state.identity)}`];
  for (const menu of TABLE_MENUS.filter((candidate) => candidate.canCreate)) {
    const rows = state.rows(menu.path).filter((row) => row['dynamic'] !== 'true');
    if (rows.length === 0) continue;
    lines.push(`/${menu.path.slice(1).split('/').join(' ')}`);
    for (const row of rows) {
      const words = menu.writable
        .filter((field) => row[field] !== undefined && (showSensitive || !['private-key', 'preshared-key'].includes(field)))
        .map((field) => `${field}=${quote(row[field] ?? '')}`);
      lines.push(`add ${words.join(' ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function quote(value: string): string {
  return /^[\w.:/*,+=@-]+$/.test(value) ? value : `"${value.replace(/(["\\$])/g, '\\$1')}"`;
}

/** `/export {file}` writes `<file>.rsc`; without `file` the text goes to the (absent) console. */
export function exportCommand(state: RouterState, body: Readonly<Record<string, unknown>>): [] {
  if (body['file'] !== undefined) state.addFile(`${toWireString('file', body['file'])}.rsc`, exportText(state, 'show-sensitive' in body), 'script');
  return [];
}

/** `/system/backup/save {name}` writes `<name>.backup`; the reply is `[]` (ROUTEROS-REST.md §7). */
export function backupSave(state: RouterState, body: Readonly<Record<string, unknown>>): [] {
  const name = body['name'] === undefined ? `${state.identity}-backup` : toWireString('name', body['name']);
  state.addFile(`${name}.backup`, `RouterOS binary backup of ${state.identity}\n${exportText(state, true)}`, 'backup');
  return [];
}

/**
 * `/execute {script}`: async without `as-string` (returns a job id), synchronous with it.
 * Only `/export`, `:put` and identity print are understood; anything else returns empty
 * output, as a script with no output would. Script errors come back as 200 on RouterOS too.
 */
export function execute(state: RouterState, body: Readonly<Record<string, unknown>>): { ret: string } {
  if (body['script'] === undefined) throw new RouterOsFailure(400, 'missing =script=');
  const script = toWireString('script', body['script']).trim();
  if (!('as-string' in body)) return { ret: state.nextJobId() };
  if (script === '/export') return { ret: exportText(state, false) };
  if (script === '/system identity print') return { ret: `  name: ${state.identity}\n` };
  const put = /^:put\s+"?(.*?)"?$/.exec(script);
  return { ret: put ? `${put[1] ?? ''}\n` : '' };
}
