/**
 * Shapes shared by the emulator's parts. Rows are stored exactly as RouterOS would print
 * them to a user with every policy: every value a string (ROUTEROS-REST.md §5).
 */
export type Row = Record<string, string>;

/**
 * RouterOS user-group policies, in the order `/user/group print` lists them (MikroTik manual,
 * "User" page: login policies `local`…`romon`, `rest-api`; config policies `read`, `write`,
 * `policy`, `test`, `sensitive`, …).
 */
export type Policy =
  | 'local'
  | 'telnet'
  | 'ssh'
  | 'ftp'
  | 'reboot'
  | 'read'
  | 'write'
  | 'policy'
  | 'test'
  | 'winbox'
  | 'password'
  | 'web'
  | 'sniff'
  | 'sensitive'
  | 'api'
  | 'romon'
  | 'rest-api';

export const ALL_POLICIES: readonly Policy[] = [
  'local',
  'telnet',
  'ssh',
  'ftp',
  'reboot',
  'read',
  'write',
  'policy',
  'test',
  'winbox',
  'password',
  'web',
  'sniff',
  'sensitive',
  'api',
  'romon',
  'rest-api',
];

/** A `/user/group` row: a name and the policies its users get. */
export interface EmulatedGroup {
  readonly name: string;
  readonly policies: readonly Policy[];
}

/**
 * A `/user` row. Give `group` to put the user in a group (built-in `full`, `read`, `write` or
 * one from `RouterOptions.groups`); give only `policies` and the user gets a group of its own,
 * named after it, holding exactly those policies.
 */
export interface EmulatedUser {
  readonly name: string;
  readonly password: string;
  readonly group?: string;
  readonly policies?: readonly Policy[];
}

/** Who made a request, once Basic auth succeeded: the user, its group and the group's policies. */
export interface Session {
  readonly name: string;
  readonly group: string;
  readonly policies: ReadonlySet<Policy>;
}

/** What a handler answers; the HTTP layer turns it into bytes. `body` undefined means no body. */
export interface EmulatorResponse {
  readonly status: number;
  readonly body?: unknown;
}

/** A RouterOS refusal, thrown inside handlers and rendered as `{detail, error, message}`. */
export class RouterOsFailure extends Error {
  constructor(
    readonly status: number,
    readonly detail?: string,
  ) {
    super(detail ?? String(status));
  }
}

export const badRequest = (detail: string): RouterOsFailure => new RouterOsFailure(400, detail);

/** How the emulated router's board answers `/system/routerboard` (ROUTEROS-REST.md §8). */
export type BoardKind = 'routerboard' | 'chr-x86' | 'chr-arm';

export interface RouterOptions {
  /** `/system/identity` name; defaults to the router's name in the emulator. */
  readonly identity?: string;
  /** `/system/resource` version, e.g. `7.19.4 (stable)`; menus and fields follow it (version-gates.ts). */
  readonly version?: string;
  readonly board?: BoardKind;
  /** Users; default: `admin` with an empty password in the built-in `full` group. */
  readonly users?: readonly EmulatedUser[];
  /** Groups besides the built-in `full`, `read` and `write`. */
  readonly groups?: readonly EmulatedGroup[];
  /** Addresses that answer `/ping`; every other address times out. */
  readonly reachable?: readonly string[];
  /** Answer singletons as 1-element arrays, like the 7.1beta docs (ROUTEROS-REST.md §2). */
  readonly singletonsAsArrays?: boolean;
  /** WireGuard interfaces report `running: false`, as when the listen port can't be bound. */
  readonly wireguardDown?: boolean;
  /** Number of static ethernet ports, `ether1`..`etherN` (default 5). */
  readonly ethernetPorts?: number;
}
