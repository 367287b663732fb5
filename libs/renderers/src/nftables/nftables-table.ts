import { DomainError, validateInterfaceName } from '@wom/domain';

/** A table as nft addresses it: `table <family> <name>`. */
export interface NftTable {
  readonly family: NftFamily;
  readonly name: string;
}

export type NftFamily = 'ip' | 'ip6' | 'inet' | 'arp' | 'bridge' | 'netdev';

const FAMILIES: readonly string[] = ['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev'];

/**
 * The table every agent shared before each instance had its own, and still the default of
 * `renderNftables` for callers that render one ruleset per box (exports, `render:example`).
 */
export const WOM_NFT_TABLE: NftTable = { family: 'inet', name: 'wom' };

/** What an agent instance's table name starts with, before its interface name. */
const INSTANCE_TABLE_PREFIX = 'wom_';

/**
 * A bare nft name: the characters nft's scanner reads as one word
 * (`({letter}|[_.])({letter}|{digit}|[/\-_.])*`), here required to start with a letter and
 * without `/`. Anything outside is refused, never quoted: a name is not free text.
 */
const NFT_NAME = /^[A-Za-z][A-Za-z0-9_.-]*$/;
/** The kernel's NFT_NAME_MAXLEN is 256 bytes including the terminating NUL. */
const MAX_NFT_NAME_LENGTH = 255;

/**
 * The table of the agent instance that owns `interfaceName`: `inet wom_<interface name>`,
 * e.g. `wg-wan-overlay` → `inet wom_wg-wan-overlay`. Interface names are already limited to
 * `[A-Za-z0-9_.-]`, all of which nft accepts in a bare name, so nothing is replaced: the
 * prefix makes the name start with a letter and keeps it clear of nft's keywords, and the
 * mapping stays one-to-one (replacing `-` with `_` would give `wg-a` and `wg_a` one table,
 * and two agents would own the same thing). An interface name the domain refuses is refused.
 */
export function instanceNftTable(interfaceName: string): NftTable {
  const name = validateInterfaceName(interfaceName, 'interface.name');
  return validateNftTable({ family: 'inet', name: `${INSTANCE_TABLE_PREFIX}${name}` }, 'table');
}

/** Checks a table before it reaches a ruleset or an `nft` argument, like every other value. */
export function validateNftTable(value: unknown, field: string): NftTable {
  const table = (typeof value === 'object' && value !== null ? value : {}) as Partial<Record<keyof NftTable, unknown>>;
  const { family, name } = table;
  if (typeof family !== 'string' || !FAMILIES.includes(family)) {
    throw new DomainError('VALIDATION.INVALID_NAME', `${field}.family must be one of ${FAMILIES.join(', ')}.`, { field: `${field}.family` });
  }
  if (typeof name !== 'string' || name.length > MAX_NFT_NAME_LENGTH || !NFT_NAME.test(name)) {
    throw new DomainError(
      'VALIDATION.INVALID_NAME',
      `${field}.name must be 1–${MAX_NFT_NAME_LENGTH} letters, digits, "_", "." and "-", starting with a letter.`,
      { field: `${field}.name` },
    );
  }
  return { family: family as NftFamily, name };
}

/** `inet wom_wg0`: how reports, messages and `nft list table` name a table. */
export function describeNftTable(table: NftTable): string {
  return `${table.family} ${table.name}`;
}

export function sameNftTable(a: NftTable, b: NftTable): boolean {
  return a.family === b.family && a.name === b.name;
}
