import { hasManagedPrefix } from './managed-comment';
import { MENU_SCHEMAS, TERMINAL_FILTER_ACTIONS } from './routeros-menu.schema';
import type { RouterOsMenu, RouterOsRow } from './routeros-rest.model';

/**
 * Where our firewall rules belong. Filter rules go before the first foreign drop/reject in
 * their chain, so they match before the router's own policy discards the traffic; NAT rules go
 * before the first foreign rule of their chain, so ours win over a catch-all masquerade or
 * dst-nat. Dynamic rows (fasttrack counters, UPnP, hotspot) are never anchors: RouterOS
 * manages their position itself.
 *
 * Creating several rules in a row before the same anchor keeps their relative order: each new
 * rule lands directly before the anchor, i.e. after the ones created before it.
 */
export function placementAnchor(
  menu: RouterOsMenu,
  chain: string | undefined,
  table: readonly RouterOsRow[],
  prefix: string,
): RouterOsRow | undefined {
  const placement = MENU_SCHEMAS[menu].placement;
  if (placement === 'append' || chain === undefined) return undefined;
  return table.find(
    (row) =>
      row['chain'] === chain &&
      row['dynamic'] !== 'true' &&
      !hasManagedPrefix(row['comment'], prefix) &&
      (placement === 'before-first-foreign' || TERMINAL_FILTER_ACTIONS.has(row['action'] ?? 'accept')),
  );
}

/**
 * True when one of our existing rows sits after its anchor and must be moved back before it.
 * Only filter rules are moved: NAT anchors are any foreign rule, so two overlays on one router
 * would keep moving their NAT rules above each other's.
 */
export function needsMove(menu: RouterOsMenu, row: RouterOsRow, anchor: RouterOsRow | undefined, table: readonly RouterOsRow[]): boolean {
  if (!anchor || MENU_SCHEMAS[menu].placement !== 'before-first-drop') return false;
  return table.indexOf(row) > table.indexOf(anchor);
}
