/**
 * The shapes the RouterOS REST path works on. Every value is a string because RouterOS
 * reads and writes every property as one (ROUTEROS-REST.md §5).
 */

/** REST menus we manage, in dependency order: a row may refer to rows of earlier menus only. */
export const ROUTEROS_MENUS = [
  '/interface/wireguard',
  '/interface/wireguard/peers',
  '/ip/address',
  '/ip/route',
  '/ip/firewall/address-list',
  '/ip/firewall/filter',
  '/ip/firewall/nat',
] as const;

export type RouterOsMenu = (typeof ROUTEROS_MENUS)[number];

/** One row as RouterOS should hold it. */
export interface DesiredRow {
  readonly menu: RouterOsMenu;
  /** Stable role of the row inside one peer's config, e.g. `peer:<remotePeerId>`. */
  readonly key: string;
  /** `WAN-Overlay-Manager:<uuid>`, derived from the peer id and `key`. */
  readonly comment: string;
  /** Human description for previews and script comments; never sent to the router. */
  readonly label: string;
  /** Properties in RouterOS write form, without `comment`. */
  readonly fields: Readonly<Record<string, string>>;
}

/** A row as GET /rest/<menu> returned it, `.id` included. */
export type RouterOsRow = Readonly<Record<string, string>>;

/** What the router holds, per menu, in list order. Foreign rows included: placement needs them. */
export type CurrentRows = Readonly<Partial<Record<RouterOsMenu, readonly RouterOsRow[]>>>;

export interface PlanOptions {
  /**
   * Whose rows to manage. Optional when `desired` is not empty (the prefix is taken from its
   * comments); required to remove a peer's whole configuration with an empty `desired`.
   */
  readonly peerId?: string;
}

export type ChangeKind = 'create' | 'update' | 'delete' | 'move';

/** One field of a change, for previews. `null` means absent. Secrets are redacted. */
export interface FieldChange {
  readonly field: string;
  readonly from: string | null;
  readonly to: string | null;
}

export interface ApiChange {
  readonly kind: ChangeKind;
  readonly menu: RouterOsMenu;
  /** The row's role; null for a stale row, whose role can't be recovered from its hash. */
  readonly key: string | null;
  readonly comment: string;
  readonly label?: string;
  readonly fields?: readonly FieldChange[];
}

export interface ApiCall {
  readonly method: 'PUT' | 'PATCH' | 'DELETE' | 'POST';
  /** Path below the base URL, e.g. `/rest/ip/route/*1A`. */
  readonly path: string;
  readonly body?: Readonly<Record<string, string>>;
  readonly change: ApiChange;
}

/** A field whose read-back value differs from the desired one. `actual` null means absent. */
export interface FieldMismatch {
  readonly field: string;
  readonly expected: string;
  readonly actual: string | null;
}

export interface MismatchedRow {
  readonly row: DesiredRow;
  readonly id: string;
  readonly fields: readonly FieldMismatch[];
}

/** A row carrying this peer's comment that the desired state no longer has (or a duplicate). */
export interface UnknownRow {
  readonly menu: RouterOsMenu;
  readonly id: string;
  readonly comment: string;
  readonly current: RouterOsRow;
}

/** A desired row whose natural key (e.g. interface name) is held by a row we don't manage. */
export interface ConflictRow {
  readonly row: DesiredRow;
  readonly id: string;
  readonly fields: readonly string[];
}

export interface RouterOsDiff {
  readonly missing: readonly DesiredRow[];
  readonly mismatched: readonly MismatchedRow[];
  readonly unknown: readonly UnknownRow[];
  readonly conflicts: readonly ConflictRow[];
  /** Desired rows present with every field equal. */
  readonly inSync: readonly DesiredRow[];
}
