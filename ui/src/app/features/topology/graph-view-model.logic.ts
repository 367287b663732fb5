import type { PeerType } from '@wom/domain';
import type { Topology, TopologyEdge, TopologyNode } from '../../core/api.models';
import { linkHealth, type LinkHealth } from './link-health.logic';

/** Fill colour per peer type; each passes 4.5:1 against white. */
export const TYPE_COLOURS: Record<PeerType, string> = {
  hub: '#5b2a86',
  mikrotik: '#0b57d0',
  'generic-router': '#00607a',
  server: '#146c2e',
  client: '#7a4b00',
};

export const STATUS_COLOURS = { online: '#146c2e', offline: '#b3261e' } as const;

export interface GraphNodeView {
  readonly id: string;
  readonly label: string;
  readonly type: PeerType;
  readonly colour: string;
  readonly statusColour: string;
  readonly online: boolean;
  readonly mikrotikApi: boolean;
  readonly tunnelIp: string;
  readonly tags: readonly string[];
  readonly x: number;
  readonly y: number;
  /** Links of this peer, and how many of them are up / down / of unknown health. */
  readonly links: Readonly<Record<LinkHealth, number>> & { readonly total: number };
  /** Which labels win when there is no room for all: hubs first, then routers, then by link count. */
  readonly labelPriority: number;
  /** Screen-reader and tooltip text. */
  readonly title: string;
}

export interface GraphEdgeView {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** Positions of the two ends in `nodes`, so drawing needs no lookups. */
  readonly sourceIndex: number;
  readonly targetIndex: number;
  readonly kind: TopologyEdge['kind'];
  /** Both ends are online. */
  readonly active: boolean;
  readonly health: LinkHealth;
  readonly handshakeAgeSeconds: number | null;
}

export interface GraphViewModel {
  readonly nodes: readonly GraphNodeView[];
  readonly edges: readonly GraphEdgeView[];
  /** The drawing's extent in layout units, node centres only. */
  readonly bounds: { readonly minX: number; readonly minY: number; readonly maxX: number; readonly maxY: number };
  readonly legend: readonly { readonly type: PeerType; readonly colour: string; readonly count: number }[];
  readonly health: Readonly<Record<LinkHealth, number>>;
}

export interface GraphOptions {
  /** Peers managed over the MikroTik API (their ids); the API may also flag them on the node. */
  readonly mikrotikManaged?: ReadonlySet<string>;
  /** Tags per peer id (the topology does not carry them; the peer list does). */
  readonly tags?: ReadonlyMap<string, readonly string[]>;
}

/** Layout units between neighbouring peers on a ring; the view scales them to the screen. */
export const NODE_SPACING = 48;
export const TYPE_ORDER: readonly PeerType[] = ['hub', 'mikrotik', 'generic-router', 'server', 'client'];

/**
 * The topology as the canvas draws it: every peer with a position and every link the compiler
 * plans, each with its health. Hubs sit in the centre and other peers on concentric rings, one
 * band per type, so hub-spoke reads as a star and a mesh as rings; nothing is left out.
 *
 * Example: a hub H and spokes A, B with edges H–A, H–B → H at (0, 0), A and B on the first
 * ring, two edges of health `unknown` until a router reports a handshake.
 */
export function toGraphViewModel(topology: Pick<Topology, 'nodes' | 'edges'>, options: GraphOptions = {}): GraphViewModel {
  const positions = ringLayout(topology.nodes);
  const indexOf = new Map(topology.nodes.map((n, i) => [n.id, i] as const));
  const online = topology.nodes.map((n) => n.online);
  const counts = topology.nodes.map(() => ({ up: 0, down: 0, unknown: 0, total: 0 }));
  const health: Record<LinkHealth, number> = { up: 0, down: 0, unknown: 0 };
  const edges: GraphEdgeView[] = [];
  for (const e of topology.edges) {
    const sourceIndex = indexOf.get(e.source);
    const targetIndex = indexOf.get(e.target);
    if (sourceIndex === undefined || targetIndex === undefined) continue;
    const state = linkHealth(e.handshakeAgeSeconds);
    health[state]++;
    for (const end of [sourceIndex, targetIndex]) {
      counts[end]![state]++;
      counts[end]!.total++;
    }
    edges.push({
      id: `${e.source}|${e.target}`, source: e.source, target: e.target, sourceIndex, targetIndex, kind: e.kind,
      active: online[sourceIndex]! && online[targetIndex]!, health: state, handshakeAgeSeconds: e.handshakeAgeSeconds ?? null,
    });
  }
  const nodes = topology.nodes.map((node, i): GraphNodeView => {
    const mikrotikApi = (node.type === 'mikrotik' && node.deploymentMode === 'mikrotik-api') || (options.mikrotikManaged?.has(node.id) ?? false);
    const at = positions.get(node.id) ?? { x: 0, y: 0 };
    const links = counts[i]!;
    return {
      id: node.id,
      label: node.name,
      type: node.type,
      colour: TYPE_COLOURS[node.type] ?? '#333b46',
      statusColour: node.online ? STATUS_COLOURS.online : STATUS_COLOURS.offline,
      online: node.online,
      mikrotikApi,
      tunnelIp: node.tunnelIp,
      tags: options.tags?.get(node.id) ?? [],
      x: at.x,
      y: at.y,
      links,
      labelPriority: (TYPE_ORDER.length - TYPE_ORDER.indexOf(node.type)) * 100_000 + links.total,
      title: `${node.name} (${node.type}${mikrotikApi ? ', managed over the MikroTik API' : ''}), ${node.tunnelIp}, ${node.online ? 'online' : 'offline'}, ${links.total} links: ${links.up} up, ${links.down} down, ${links.unknown} unknown`,
    };
  });
  const typeCounts = new Map<PeerType, number>();
  for (const node of topology.nodes) typeCounts.set(node.type, (typeCounts.get(node.type) ?? 0) + 1);
  const legend = TYPE_ORDER.filter((type) => typeCounts.has(type)).map((type) => ({ type, colour: TYPE_COLOURS[type], count: typeCounts.get(type) ?? 0 }));
  return { nodes, edges, bounds: boundsOf(nodes), legend, health };
}

function boundsOf(nodes: readonly { x: number; y: number }[]): GraphViewModel['bounds'] {
  if (nodes.length === 0) return { minX: 0, minY: 0, maxX: 0, maxY: 0 };
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { x, y } of nodes) [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
  return { minX, minY, maxX, maxY };
}

/**
 * Centres hubs (in a small circle when there are several), then places the others on
 * concentric rings whose circumference fits them at `spacing`, a new ring for each type, in
 * name order, so the picture is the same on every load. O(n log n): 200 peers take well under
 * a millisecond.
 */
export function ringLayout(nodes: readonly TopologyNode[], spacing = NODE_SPACING): Map<string, { x: number; y: number }> {
  const byName = (a: TopologyNode, b: TopologyNode) => TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) || a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1);
  const hubs = nodes.filter((n) => n.type === 'hub').sort(byName);
  const others = nodes.filter((n) => n.type !== 'hub').sort(byName);
  const positions = new Map<string, { x: number; y: number }>();
  // Radius whose chord between neighbours is `spacing`, so no two peers overlap.
  const hubRadius = hubs.length > 1 ? spacing / (2 * Math.sin(Math.PI / hubs.length)) : 0;
  hubs.forEach((hub, i) => positions.set(hub.id, polar(hubRadius, (2 * Math.PI * i) / hubs.length - Math.PI / 2)));
  let radius = hubRadius + spacing * 3;
  let placed = 0;
  for (let ring = 0; placed < others.length && ring < others.length; ring++) {
    const fits = Math.max(1, Math.floor(Math.PI / Math.asin(Math.min(1, spacing / (2 * radius)))));
    const type = others[placed]!.type;
    let end = placed;
    while (end < others.length && end - placed < fits && others[end]!.type === type) end++;
    const members = others.slice(placed, end);
    // A ring's start turns a little each ring, so links from the centre do not stack on one line.
    const offset = -Math.PI / 2 + ring * 0.37;
    members.forEach((node, i) => positions.set(node.id, polar(radius, offset + (2 * Math.PI * i) / members.length)));
    placed = end;
    radius += spacing * 1.5;
  }
  return positions;
}

/** Rounded to a tenth (stable output); `|| 0` turns −0 into 0. */
const polar = (radius: number, angle: number) => ({ x: Math.round(radius * Math.cos(angle) * 10) / 10 || 0, y: Math.round(radius * Math.sin(angle) * 10) / 10 || 0 });
