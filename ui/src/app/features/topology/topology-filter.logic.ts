import type { PeerType } from '@wom/domain';
import type { GraphNodeView } from './graph-view-model.logic';

export type StatusFilter = 'any' | 'online' | 'offline';

/** What the map shows: peers of these types (none chosen: all), with this status and this tag ('' : any). */
export interface TopologyFilter {
  readonly types: readonly PeerType[];
  readonly status: StatusFilter;
  readonly tag: string;
}

export const NO_FILTER: TopologyFilter = { types: [], status: 'any', tag: '' };

export const isFiltering = (filter: TopologyFilter) => filter.types.length > 0 || filter.status !== 'any' || filter.tag !== '';

/**
 * One flag per peer, true when the filter keeps it; a link is drawn only when both its ends are
 * kept. Null when nothing is filtered, so the renderer can skip the check.
 *
 * Example: types [hub] over [hub, client] → [true, false].
 */
export function visibleNodes(nodes: readonly Pick<GraphNodeView, 'type' | 'online' | 'tags'>[], filter: TopologyFilter): boolean[] | null {
  if (!isFiltering(filter)) return null;
  const types = new Set(filter.types);
  return nodes.map(
    (node) =>
      (types.size === 0 || types.has(node.type)) &&
      (filter.status === 'any' || (filter.status === 'online') === node.online) &&
      (filter.tag === '' || node.tags.includes(filter.tag)),
  );
}

/** Every tag of the WAN's peers, sorted, for the tag filter. */
export function tagsOf(nodes: readonly Pick<GraphNodeView, 'tags'>[]): string[] {
  return [...new Set(nodes.flatMap((n) => n.tags))].sort((a, b) => a.localeCompare(b));
}

/**
 * Peers whose name (or tunnel IP) contains the query, case-insensitive, best first: an exact
 * name, then names starting with the query, then the rest, each in name order. Empty for a
 * blank query.
 *
 * Example: "par" over [lyon, paris, sparrow] → [paris, sparrow].
 */
export function searchPeers(nodes: readonly Pick<GraphNodeView, 'label' | 'tunnelIp'>[], query: string): number[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [];
  const rank = (label: string) => (label === needle ? 0 : label.startsWith(needle) ? 1 : 2);
  return nodes
    .map((node, index) => ({ index, label: node.label.toLowerCase(), ip: node.tunnelIp }))
    .filter((n) => n.label.includes(needle) || n.ip === needle || n.ip.startsWith(needle))
    .sort((a, b) => rank(a.label) - rank(b.label) || a.label.localeCompare(b.label))
    .map((n) => n.index);
}
