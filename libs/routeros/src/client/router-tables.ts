import { ROUTEROS_MENUS, type CurrentRows, type RouterOsMenu } from '@wom/renderers';
import type { RouterOsClient } from './routeros-client';

/**
 * Reads every managed menu in list order, foreign rows included (the planner anchors
 * firewall placement on them). The menus are asked together: the client's connection pool
 * (4 by default) bounds how many are in flight, far below the 20 sessions RouterOS allows a
 * service (ROUTEROS-REST.md §1), and a read of seven menus costs two or three round trips
 * instead of seven. Nothing is written meanwhile, so the tables are as consistent as a
 * sequential read's.
 */
export async function readRouterTables(client: RouterOsClient, menus: readonly RouterOsMenu[] = ROUTEROS_MENUS): Promise<CurrentRows> {
  const read = await Promise.all(menus.map((menu) => client.list(menu)));
  const tables: Partial<Record<RouterOsMenu, readonly Record<string, string>[]>> = {};
  menus.forEach((menu, index) => (tables[menu] = read[index] ?? []));
  return tables;
}
