import type { Row } from '../emulator.model';

/** What a menu definition may read from the rest of the router. */
export interface RouterTables {
  rows(menu: string): readonly Row[];
  /** Names of every interface: static ports and created ones (wireguard, bridge). */
  interfaceNames(): readonly string[];
  /** RouterOptions.wireguardDown. */
  readonly wireguardDown: boolean;
}

/**
 * One configuration menu: which properties it accepts, how values are stored and derived,
 * and what it refuses. The generic CRUD in router-state.ts does the rest, so adding a menu
 * means adding a definition, not code.
 */
export interface MenuDef {
  readonly path: string;
  /** Properties PUT/PATCH accept, `comment` and `disabled` included; anything else is "unknown parameter". */
  readonly writable: readonly string[];
  /** Properties that take yes/no/true/false and read back as true/false. */
  readonly booleans?: readonly string[];
  /** Properties a create must carry. */
  readonly required?: readonly string[];
  /** Written properties a new row gets when the body leaves them out. */
  readonly defaults?: Readonly<Row>;
  /** Read-only state a new row starts with (counters, flags). */
  readonly initialState?: Readonly<Row>;
  readonly canCreate: boolean;
  readonly canDelete: boolean;
  /** Rows can be addressed by `name` in the URL (ROUTEROS-REST.md §3). */
  readonly named: boolean;
  /** The written form of one value, e.g. a bare IP stored as `/32`. */
  normalize?(field: string, value: string): string;
  /** Read-only properties computed from the row after every write. */
  derive?(row: Row, tables: RouterTables): Row;
  /** The failure text when RouterOS would refuse the row, given the menu's other rows. */
  check?(row: Row, others: readonly Row[], tables: RouterTables): string | undefined;
  /** Values RouterOS generates on create, e.g. a WireGuard private key. */
  onCreate?(row: Row): void;
}

/** Properties every configuration row has. */
export const COMMON_WRITABLE = ['comment', 'disabled'] as const;
