import type { DesiredState } from '@wom/domain';
import { addFirewallRows } from './firewall-rows.renderer';
import { RouterOsRowBuilder } from './routeros-row.builder';
import { ROUTEROS_MENUS, type DesiredRow } from './routeros-rest.model';
import { addWireGuardRows, type WireGuardRowOptions } from './wireguard-rows.renderer';

export type RouterOsResourceOptions = WireGuardRowOptions;

/**
 * The rows RouterOS should hold for one peer, in dependency order (interface, peers,
 * addresses, routes, address list, filter, NAT) and, within a menu, in evaluation order.
 * Values are validated and in RouterOS write form; the REST planner and the script renderer
 * both start from this list.
 *
 * Example: toRouterOsResources(branchState)[0]
 *   → { menu: '/interface/wireguard', key: 'interface', comment: 'WAN-Overlay-Manager:…',
 *       fields: { name: 'wg-wan-overlay', 'listen-port': '13231', mtu: '1420' }, … }
 */
export function toRouterOsResources(state: DesiredState, options: RouterOsResourceOptions = {}): DesiredRow[] {
  const rows = new RouterOsRowBuilder(state.peerId);
  addWireGuardRows(rows, state, options);
  addFirewallRows(rows, state);
  const built = rows.build();
  return ROUTEROS_MENUS.flatMap((menu) => built.filter((row) => row.menu === menu));
}
