import type { Policy, Row } from '../emulator.model';
import type { FieldType } from '../field-types';
import type { RouterTables } from '../router-tables';
import type { VersionGate } from '../version-gates';

export type { RouterTables };

/**
 * One writable property: its type (how it is checked and printed), the releases that know it,
 * and the value a new row shows when the write leaves it out.
 */
export interface FieldSpec extends VersionGate {
  readonly type: FieldType;
  readonly default?: string;
}

/**
 * One configuration menu: which properties it accepts, how values are stored and derived,
 * and what it refuses. The generic CRUD in router-state.ts does the rest, so adding a menu
 * means adding a definition, not code.
 */
export interface MenuDef {
  readonly path: string;
  /**
   * Properties PUT/PATCH accept, `comment` and `disabled` included. Anything else, read-only
   * state included, is `unknown parameter <name>` (TF issues #223/#654, ansible PR #233).
   */
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** Properties a create must carry. */
  readonly required?: readonly string[];
  /** Read-only state a new row starts with (counters, flags). */
  readonly initialState?: Readonly<Row>;
  readonly canCreate: boolean;
  readonly canDelete: boolean;
  /** Rows can be addressed by `name` in the URL (ROUTEROS-REST.md §3). */
  readonly named: boolean;
  /** Policy a write needs besides `write`, e.g. `policy` for users and groups. */
  readonly writePolicy?: Policy;
  /** Write-only properties, never printed (a user's password). */
  readonly hidden?: readonly string[];
  /** Read-only properties computed from the row after every write. */
  derive?(row: Row, tables: RouterTables): Row;
  /** The failure text when RouterOS would refuse the row, given the menu's other rows. */
  check?(row: Row, others: readonly Row[], tables: RouterTables): string | undefined;
  /** Values RouterOS generates on create, e.g. a WireGuard private key. */
  onCreate?(row: Row, tables: RouterTables): void;
}

/** Properties every configuration row has. */
export const COMMON_FIELDS: Readonly<Record<string, FieldSpec>> = {
  comment: { type: { kind: 'text' } },
  disabled: { type: { kind: 'bool' }, default: 'false' },
};

/** `comment` and `disabled` without a default: firewall rules show `disabled` only once written (ROUTEROS-REST.md §5). */
export const RULE_COMMON_FIELDS: Readonly<Record<string, FieldSpec>> = {
  comment: { type: { kind: 'text' } },
  disabled: { type: { kind: 'bool' } },
};

export const TEXT: FieldSpec = { type: { kind: 'text' } };
export const BOOL: FieldSpec = { type: { kind: 'bool' } };
/** A UDP/TCP port where 0 means "any" or "unset". */
export const PORT_OR_ZERO: FieldSpec = { type: { kind: 'int', min: 0, max: 65535 } };
