/**
 * Shapes shared by the emulator's parts. Rows are stored exactly as RouterOS would print
 * them to a user with every policy: every value a string (ROUTEROS-REST.md §5).
 */
export type Row = Record<string, string>;

/** RouterOS user-group policies the emulator checks (ROUTEROS-REST.md §1, §6). */
export type Policy = 'read' | 'write' | 'api' | 'rest-api' | 'sensitive' | 'test';

export const ALL_POLICIES: readonly Policy[] = ['read', 'write', 'api', 'rest-api', 'sensitive', 'test'];

export interface EmulatedUser {
  readonly name: string;
  readonly password: string;
  readonly policies: readonly Policy[];
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
  /** `/system/resource` version, e.g. `7.19.4 (stable)`. */
  readonly version?: string;
  readonly board?: BoardKind;
  /** Users; default: `admin` with an empty password and every policy. */
  readonly users?: readonly EmulatedUser[];
  /** Addresses that answer `/ping`; every other address times out. */
  readonly reachable?: readonly string[];
  /** Answer singletons as 1-element arrays, like the 7.1beta docs (ROUTEROS-REST.md §2). */
  readonly singletonsAsArrays?: boolean;
  /** WireGuard interfaces report `running: false`, as when the listen port can't be bound. */
  readonly wireguardDown?: boolean;
  /** Number of static ethernet ports, `ether1`..`etherN` (default 5). */
  readonly ethernetPorts?: number;
}
