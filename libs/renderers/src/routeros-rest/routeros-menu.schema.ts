import type { DesiredRow, RouterOsMenu } from './routeros-rest.model';

/**
 * What we know about each managed menu, shared by the REST planner and the script renderer so
 * the two paths can't drift apart.
 */
export interface MenuSchema {
  /** Console path for scripts: `/interface/wireguard/peers` → `/interface wireguard peers`. */
  readonly consolePath: string;
  /**
   * Properties a desired row may leave out, with the value RouterOS falls back to. A row that
   * omits one gets it written back to this default (our "unset" strategy), and a read-back
   * that omits one is compared as this default.
   */
  readonly defaults: Readonly<Record<string, string>>;
  /** Read-only state RouterOS reports; never compared, never shown as a deleted value. */
  readonly readOnly: readonly string[];
  /** Properties RouterOS keeps unique; a foreign row holding the same values blocks our add. */
  readonly naturalKey: readonly string[];
  /** Where new rows go: appended, or before a foreign rule so ours take effect. */
  readonly placement: 'append' | 'before-first-drop' | 'before-first-foreign';
}

/** Written back on every row so a managed row someone disabled is re-enabled. */
const COMMON_DEFAULTS = { disabled: 'no' } as const;
const COMMON_READ_ONLY = ['dynamic', 'invalid'] as const;
const RULE_READ_ONLY = [...COMMON_READ_ONLY, 'bytes', 'packets'] as const;

export const MENU_SCHEMAS: Readonly<Record<RouterOsMenu, MenuSchema>> = {
  '/interface/wireguard': {
    consolePath: '/interface wireguard',
    // listen-port has no "off": a router always listens, so a null port leaves its choice alone.
    defaults: { mtu: '1420', ...COMMON_DEFAULTS },
    readOnly: ['public-key', 'running', ...COMMON_READ_ONLY],
    naturalKey: ['name'],
    placement: 'append',
  },
  '/interface/wireguard/peers': {
    consolePath: '/interface wireguard peers',
    defaults: { 'endpoint-address': '', 'endpoint-port': '0', 'persistent-keepalive': '0s', ...COMMON_DEFAULTS },
    readOnly: ['rx', 'tx', 'last-handshake', 'current-endpoint-address', 'current-endpoint-port', ...COMMON_READ_ONLY],
    naturalKey: ['interface', 'public-key'],
    placement: 'append',
  },
  '/ip/address': {
    consolePath: '/ip address',
    defaults: COMMON_DEFAULTS,
    readOnly: ['network', 'actual-interface', 'slave', ...COMMON_READ_ONLY],
    naturalKey: ['address', 'interface'],
    placement: 'append',
  },
  '/ip/route': {
    consolePath: '/ip route',
    defaults: COMMON_DEFAULTS,
    readOnly: ['static', 'active', 'inactive', 'connect', 'dhcp', 'ecmp', 'immediate-gw', 'local-address', 'hw-offloaded', ...COMMON_READ_ONLY],
    naturalKey: [],
    placement: 'append',
  },
  '/ip/firewall/address-list': {
    consolePath: '/ip firewall address-list',
    defaults: COMMON_DEFAULTS,
    readOnly: ['creation-time', ...COMMON_READ_ONLY],
    naturalKey: ['list', 'address'],
    placement: 'append',
  },
  '/ip/firewall/filter': {
    consolePath: '/ip firewall filter',
    defaults: COMMON_DEFAULTS,
    readOnly: RULE_READ_ONLY,
    naturalKey: [],
    placement: 'before-first-drop',
  },
  '/ip/firewall/nat': {
    consolePath: '/ip firewall nat',
    defaults: COMMON_DEFAULTS,
    readOnly: RULE_READ_ONLY,
    naturalKey: [],
    placement: 'before-first-foreign',
  },
};

/** Secrets: read back as `*****` without the `sensitive` policy, and redacted in previews. */
export const SENSITIVE_FIELDS: ReadonlySet<string> = new Set(['private-key', 'preshared-key']);

/** Filter actions that end evaluation for a packet; ours must sit before the first one. */
export const TERMINAL_FILTER_ACTIONS: ReadonlySet<string> = new Set(['drop', 'reject', 'tarpit']);

/**
 * Every property a row owns: its own fields, then the menu defaults it leaves out. A `set`
 * in a script and the planner's comparison both use exactly this.
 */
export function ownedFields(row: DesiredRow): Readonly<Record<string, string>> {
  const owned: Record<string, string> = { ...row.fields };
  for (const [field, value] of Object.entries(MENU_SCHEMAS[row.menu].defaults)) {
    if (!(field in owned)) owned[field] = value;
  }
  return owned;
}
