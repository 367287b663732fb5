import { isRestSupported, type RouterOsVersion } from '../client/version';
import { badRequest, RouterOsFailure, type Row, type RouterOptions, type Session } from './emulator.model';
import { normalizeValue } from './field-types';
import { MENUS_BY_PATH, type FieldSpec, type MenuDef } from './menus';
import type { RouterTables } from './router-tables';
import { authenticateUser, initialUserRows } from './router-users';
import { formatId, parseId, sortedRow, toWireString } from './values';
import { atLeast, isAvailable, routerVersion } from './version-gates';

/** WireGuard interfaces also show in the /interface view, as real interfaces do. */
const WIREGUARD = '/interface/wireguard';

/**
 * The configuration of one emulated router: ordered tables, one id counter shared by all
 * menus (ids are never reused, ROUTEROS-REST.md §3), users, files, log and identity. Knows
 * nothing about HTTP; request-handler.ts maps REST calls onto these operations. Every write
 * goes through the menu's field types, so what is stored is what RouterOS would print.
 */
export class RouterState implements RouterTables {
  private readonly tables = new Map<string, Row[]>();
  private nextId = 1;
  private nextJob = 0xb500;
  private clock = 0;
  identity: string;
  readonly reachable: Set<string>;
  readonly version: RouterOsVersion;

  constructor(
    readonly name: string,
    readonly options: RouterOptions = {},
  ) {
    this.identity = options.identity ?? name;
    this.version = routerVersion(options.version);
    this.reachable = new Set(options.reachable ?? []);
    for (const menu of MENUS_BY_PATH.keys()) this.tables.set(menu, []);
    const ports = Array.from({ length: options.ethernetPorts ?? 5 }, (_, i) => ({ name: `ether${i + 1}`, type: 'ether', mtu: '1500' }));
    this.load('/interface', [...ports, { name: 'bridge', type: 'bridge', mtu: 'auto' }].map((port) => ({ ...port, disabled: 'false' })));
    const { groups, users } = initialUserRows(options);
    this.load('/user/group', groups);
    this.load('/user', users);
    this.log('system,info', 'router rebooted');
  }

  /** Rows in list order as a user with every policy reads them; `/interface` includes wireguard. */
  rows(menu: string): readonly Row[] {
    const stored = this.table(menu);
    if (menu !== '/interface') return stored;
    const wireguard = this.table(WIREGUARD).map((row) => {
      const view: Row = { '.id': row['.id'] ?? '', name: row['name'] ?? '', type: 'wg', mtu: row['mtu'] ?? '', disabled: row['disabled'] ?? 'false' };
      view['running'] = row['running'] ?? 'false';
      if (row['comment'] !== undefined) view['comment'] = row['comment'];
      return view;
    });
    return [...stored, ...wireguard];
  }

  /** False for a RouterOS 6 (or early 7 beta) router, which serves no /rest (ROUTEROS-REST.md §1). */
  get restAvailable(): boolean {
    return isRestSupported(this.version);
  }

  get wireguardDown(): boolean {
    return this.options.wireguardDown === true;
  }

  /** Basic-auth credentials → session, or undefined (wrong user, password or disabled). */
  authenticate(name: string, password: string): Session | undefined {
    return authenticateUser(this, name, password);
  }

  interfaceNames(): readonly string[] {
    return this.rows('/interface').map((row) => row['name'] ?? '');
  }

  menu(path: string): MenuDef {
    const menu = MENUS_BY_PATH.get(path);
    if (!menu) throw badRequest(`no such command or directory (${path.split('/').pop() ?? ''})`);
    return menu;
  }

  /** The property as this release knows it; undefined for a name it does not know (a read-only one included). */
  fieldSpec(menu: MenuDef, field: string): FieldSpec | undefined {
    const spec = Object.hasOwn(menu.fields, field) ? menu.fields[field] : undefined;
    return spec && isAvailable(spec, this.version) ? spec : undefined;
  }

  /** A row by `*id`, or by name in named menus (ROUTEROS-REST.md §3). */
  find(path: string, ref: string): Row | undefined {
    const menu = this.menu(path);
    if (parseId(ref) === undefined && !menu.named) throw badRequest('no such command prefix');
    return this.rows(path).find((row) => row['.id'] === ref || (menu.named && row['name'] === ref));
  }

  /** PUT / `add`: appends, or inserts before `place-before` (accepted only here, ROUTEROS-REST.md §7). */
  create(path: string, body: Readonly<Record<string, unknown>>, by = 'admin'): Row {
    const menu = this.menu(path);
    if (!menu.canCreate) throw new RouterOsFailure(406, 'no such command or directory (add)');
    const { 'place-before': placeBefore, ...fields } = body;
    const table = this.table(path);
    const before = placeBefore === undefined ? table.length : this.indexOf(path, toWireString('place-before', placeBefore), 'place-before');
    const row: Row = {};
    this.write(menu, row, fields, false);
    for (const field of menu.required ?? []) if (row[field] === undefined) throw badRequest(`missing =${field}=`);
    for (const [field, spec] of Object.entries(menu.fields)) {
      if (row[field] === undefined && spec.default !== undefined && isAvailable(spec, this.version)) row[field] = spec.default;
    }
    menu.onCreate?.(row, this);
    const created = this.finish(menu, { '.id': formatId(this.nextId++), ...menu.initialState, ...row }, table);
    table.splice(before, 0, created);
    this.log('system,info', `${path} ${created['.id'] ?? ''} added by ${by}`);
    return created;
  }

  /** PATCH / `set`: merges; `!prop` unsets; `place-before` is refused (ROUTEROS-REST.md §7). */
  update(path: string, ref: string, body: Readonly<Record<string, unknown>>, by = 'admin'): Row {
    const menu = this.menu(path);
    const table = this.table(path);
    const index = this.indexOf(path, ref);
    const merged: Row = { ...table[index] };
    this.write(menu, merged, body, true);
    const updated = this.finish(menu, merged, table.filter((_, i) => i !== index));
    table[index] = updated;
    this.log('system,info', `${path} ${updated['.id'] ?? ''} changed by ${by}`);
    return updated;
  }

  remove(path: string, ref: string, by = 'admin'): void {
    const menu = this.menu(path);
    if (!menu.canDelete) throw new RouterOsFailure(406, 'no such command or directory (remove)');
    const table = this.table(path);
    const [removed] = table.splice(this.indexOf(path, ref), 1);
    this.log('system,info', `${path} ${removed?.['.id'] ?? ''} removed by ${by}`);
  }

  /**
   * `POST <menu>/remove {"numbers":"*1,*2"}` (ROUTEROS-REST.md §2): all of the rows, or none.
   * Every reference is resolved before anything is removed, and one that names no row (or a
   * row named twice) refuses the whole command with the binary API's trap text, which REST
   * passes on as a 400 detail (§6; "no such item" as the API answers a remove of a missing id,
   * tik4net#13 [3P]). Whether a real router removes the rows before the missing one is not
   * recorded anywhere [?]; refusing them all is the stricter answer, so a client that gets it
   * has to look again rather than assume which rows went.
   */
  removeAll(path: string, refs: readonly string[], by = 'admin'): void {
    const menu = this.menu(path);
    if (!menu.canDelete) throw new RouterOsFailure(406, 'no such command or directory (remove)');
    if (refs.length === 0) throw badRequest('missing =numbers=');
    const rows = refs.map((ref) => this.find(path, ref));
    if (rows.some((row, index) => row === undefined || rows.indexOf(row) !== index)) throw badRequest('no such item');
    for (const row of rows) this.remove(path, row?.['.id'] ?? '', by);
  }

  /** `move`: the rows go directly before `destination`, or to the end without one. */
  move(path: string, refs: readonly string[], destination?: string): void {
    const table = this.table(path);
    const moving = refs.map((ref) => table[this.indexOf(path, ref)] as Row);
    const remaining = table.filter((row) => !moving.includes(row));
    const anchor = destination === undefined ? undefined : table[this.indexOf(path, destination)];
    const at = anchor === undefined || moving.includes(anchor) ? remaining.length : remaining.indexOf(anchor);
    remaining.splice(at, 0, ...moving);
    table.splice(0, table.length, ...remaining);
  }

  /**
   * What a remote's traffic would leave on its peer rows: handshake age, byte counters and the
   * endpoint it last came from (read-only fields, ROUTEROS-REST.md §8). Returns how many rows matched.
   */
  recordPeerTraffic(publicKey: string, traffic: { lastHandshake: string; rx: number; tx: number; endpoint?: { address: string; port: number } }): number {
    const peers = this.table('/interface/wireguard/peers').filter((row) => row['public-key'] === publicKey);
    for (const peer of peers) {
      Object.assign(peer, { 'last-handshake': traffic.lastHandshake, rx: String(traffic.rx), tx: String(traffic.tx) });
      if (traffic.endpoint) Object.assign(peer, { 'current-endpoint-address': traffic.endpoint.address, 'current-endpoint-port': String(traffic.endpoint.port) });
    }
    return peers.length;
  }

  /** Puts rows in as they are (scenario loading): keeps given ids, only derives read-only state. */
  load(path: string, rows: readonly Row[]): Row[] {
    const menu = this.menu(path);
    const table = this.table(path);
    const loaded = rows.map((row) => {
      const id = row['.id'] ?? formatId(this.nextId);
      // Static and connected routes use ids like *80000001; only small ids advance the counter.
      const number = parseId(id) ?? 0;
      if (number < 0x10000000) this.nextId = Math.max(this.nextId, number + 1);
      return { ...row, '.id': id, ...menu.derive?.(row, this) };
    });
    table.push(...loaded);
    return loaded;
  }

  addFile(name: string, contents: string, type: string): void {
    const files = this.table('/file');
    const existing = files.findIndex((file) => file['name'] === name);
    if (existing >= 0) files.splice(existing, 1);
    files.push({ '.id': formatId(this.nextId++), name, type, size: String(Buffer.byteLength(contents)), 'creation-time': this.clockText(), contents });
  }

  /** `/execute` job ids, `*B500` and up, like the async ids RouterOS returns. */
  nextJobId(): string {
    return formatId(this.nextJob++);
  }

  log(topics: string, message: string): void {
    this.table('/log').push({ '.id': formatId(this.nextId++), time: this.clockText(), topics, message });
  }

  /** Deep copies of every menu's rows in list order, so tests can compare before and after. */
  snapshot(): Record<string, Row[]> {
    return Object.fromEntries([...this.tables.keys()].map((menu) => [menu, this.rows(menu).map((row) => sortedRow(row))]));
  }

  /**
   * A deterministic clock, one second per call, printed as the release prints dates: up to
   * 7.10 `Jun/01/2025 12:00:00`, later `2025-06-01 12:00:00` (ROUTEROS-REST.md §5).
   */
  clockText(): string {
    const seconds = this.clock++;
    const pad = (n: number): string => String(n).padStart(2, '0');
    const time = `${pad(12 + Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
    return atLeast(this.version, '7.11') ? `2025-06-01 ${time}` : `Jun/01/2025 ${time}`;
  }

  private table(path: string): Row[] {
    this.menu(path);
    return this.tables.get(path) as Row[];
  }

  private indexOf(path: string, ref: string, argument?: string): number {
    const row = this.find(path, ref);
    const index = row ? this.table(path).indexOf(row) : -1;
    if (index >= 0) return index;
    if (argument) throw badRequest(`invalid value for argument ${argument}`);
    throw new RouterOsFailure(404);
  }

  /**
   * Applies written values through the menu's field types: names this release does not know
   * are `unknown parameter`, values are checked and stored in printed form, `!prop` unsets
   * (ROUTEROS-REST.md §5).
   */
  private write(menu: MenuDef, row: Row, body: Readonly<Record<string, unknown>>, allowUnset: boolean): void {
    for (const [key, raw] of Object.entries(body)) {
      const unset = allowUnset && key.startsWith('!');
      const field = unset ? key.slice(1) : key;
      if (field === '.id') continue;
      const spec = this.fieldSpec(menu, field);
      if (!spec) throw badRequest(`unknown parameter ${field}`);
      // Unsetting returns a property to its default, which RouterOS then prints (the captured
      // peer row shows endpoint-address ""); one without a default leaves the row.
      const value = unset ? spec.default : normalizeValue(field, spec.type, toWireString(field, raw), this);
      if (value === undefined) delete row[field];
      else row[field] = value;
    }
    // An empty comment is not shown (ROUTEROS-REST.md §5).
    if (row['comment'] === '') delete row['comment'];
  }

  private finish(menu: MenuDef, row: Row, others: readonly Row[]): Row {
    const complete = { ...row, ...menu.derive?.(row, this) };
    const failure = menu.check?.(complete, others, this);
    if (failure) throw badRequest(failure);
    return complete;
  }
}
