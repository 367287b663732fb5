import { ROUTEROS_MENUS, type CurrentRows, type RouterOsMenu } from '@wom/renderers';
import type { RouterOsClient } from './routeros-client';

/**
 * Reads every managed menu in list order, foreign rows included (the planner anchors
 * firewall placement on them). Sequential on purpose: one router, a handful of menus, and
 * RouterOS caps concurrent sessions.
 */
export async function readRouterTables(client: RouterOsClient, menus: readonly RouterOsMenu[] = ROUTEROS_MENUS): Promise<CurrentRows> {
  const tables: Partial<Record<RouterOsMenu, readonly Record<string, string>[]>> = {};
  for (const menu of menus) tables[menu] = await client.list(menu);
  return tables;
}
