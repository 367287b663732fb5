import { isManagedComment, TERMINAL_FILTER_ACTIONS } from '@wom/renderers';
import type { Row } from '../emulator';

/** Menus that hold configuration (the log and files change with every call). */
export const CONFIG_MENUS = [
  '/interface',
  '/interface/wireguard',
  '/interface/wireguard/peers',
  '/ip/address',
  '/ip/route',
  '/ip/firewall/address-list',
  '/ip/firewall/filter',
  '/ip/firewall/nat',
  '/queue/simple',
] as const;

type Snapshot = Record<string, Row[]>;

/** Every configuration row no overlay config wrote, per menu, in list order, byte for byte. */
export function foreignRows(snapshot: Snapshot): Record<string, Row[]> {
  return Object.fromEntries(CONFIG_MENUS.map((menu) => [menu, (snapshot[menu] ?? []).filter((row) => !isManagedComment(row['comment']))]));
}

/** Our rows per menu in list order; `withoutIds` for rows a rollback had to recreate. */
export function managedRows(snapshot: Snapshot, withoutIds = false): Record<string, Row[]> {
  return Object.fromEntries(
    CONFIG_MENUS.map((menu) => [
      menu,
      (snapshot[menu] ?? [])
        .filter((row) => isManagedComment(row['comment']) && menu !== '/interface')
        .map((row) => {
          if (!withoutIds) return row;
          const { '.id': _id, ...rest } = row;
          return rest;
        }),
    ]),
  );
}

/** Configuration rows only (no log, no files), for whole-router equality. */
export function configOf(snapshot: Snapshot): Snapshot {
  return Object.fromEntries(CONFIG_MENUS.map((menu) => [menu, snapshot[menu] ?? []]));
}

/**
 * Index of the last of our rules in `chain` and of the chain's first foreign terminal rule
 * (drop/reject/tarpit); ours take effect only when the first is smaller.
 */
export function ourRulesVersusFirstForeignDrop(snapshot: Snapshot, chain: string): { lastOurs: number; firstForeignDrop: number; ours: number } {
  const rules = snapshot['/ip/firewall/filter'] ?? [];
  const indexes = rules.map((row, index) => (row['chain'] === chain && isManagedComment(row['comment']) ? index : -1)).filter((index) => index >= 0);
  const firstForeignDrop = rules.findIndex((row) => row['chain'] === chain && !isManagedComment(row['comment']) && TERMINAL_FILTER_ACTIONS.has(row['action'] ?? ''));
  return { lastOurs: Math.max(-1, ...indexes), firstForeignDrop, ours: indexes.length };
}
