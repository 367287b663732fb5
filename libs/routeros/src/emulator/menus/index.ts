import { ADDRESS_LIST_MENU, FILTER_MENU, NAT_MENU } from './firewall.menus';
import { INTERFACE_MENU, WIREGUARD_MENU } from './interface.menus';
import { IP_ADDRESS_MENU, IP_ROUTE_MENU } from './ip.menus';
import type { MenuDef } from './menu.model';
import { FILE_MENU, LOG_MENU, QUEUE_SIMPLE_MENU } from './system.menus';
import { USER_GROUP_MENU, USER_MENU } from './user.menus';
import { WIREGUARD_PEERS_MENU } from './wireguard-peers.menu';

export type { FieldSpec, MenuDef, RouterTables } from './menu.model';

/** Every table menu the emulator serves, in the order an export lists them. */
export const TABLE_MENUS: readonly MenuDef[] = [
  INTERFACE_MENU,
  WIREGUARD_MENU,
  WIREGUARD_PEERS_MENU,
  IP_ADDRESS_MENU,
  IP_ROUTE_MENU,
  ADDRESS_LIST_MENU,
  FILTER_MENU,
  NAT_MENU,
  QUEUE_SIMPLE_MENU,
  USER_GROUP_MENU,
  USER_MENU,
  LOG_MENU,
  FILE_MENU,
];

export const MENUS_BY_PATH: ReadonlyMap<string, MenuDef> = new Map(TABLE_MENUS.map((menu) => [menu.path, menu]));
