import type { PeerType } from '@wom/domain';
import type { Topology, TopologyEdge, TopologyNode } from '../../core/api.models';

/** Fill colour per peer type; each passes 4.5:1 against the white label text. */
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
  readonly x: number;
  readonly y: number;
  /** Screen-reader and tooltip text. */
  readonly title: string;
}

export interface GraphEdgeView {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly kind: TopologyEdge['kind'];
  readonly active: boolean;
}

export interface GraphViewModel {
  readonly nodes: readonly GraphNodeView[];
  readonly edges: readonly GraphEdgeView[];
  /** Links left out to keep a large mesh legible. */
  readonly hiddenEdges: number;
  readonly width: number;
  readonly height: number;
  readonly legend: readonly { readonly type: PeerType; readonly colour: string; readonly count: number }[];
}

export interface GraphOptions {
  /** Above this many links, mesh links between offline peers are hidden first, then the rest beyond it. */
  readonly maxEdges?: number;
  readonly nodeWidth?: number;
  readonly nodeHeight?: number;
  /** Peers managed over the MikroTik API (their ids); the API may also flag them on the node. */
  readonly mikrotikManaged?: ReadonlySet<string>;
}

export const NODE_WIDTH = 150;
export const NODE_HEIGHT = 44;
const TYPE_ORDER: readonly PeerType[] = ['hub', 'mikrotik', 'generic-router', 'server', 'client'];

/**
 * The topology as the visualizer draws it: coloured nodes with positions and the links to
 * draw. Hubs sit in the centre and every other peer on rings around them, grouped by type, so
 * hub-spoke reads as a star and a mesh as a ring. A mesh of 200 peers has 19,900 links; past
 * `maxEdges` the view keeps explicit connections and hub links, then links whose two ends are
 * online, and says how many it left out.
 *
 * Example: a hub H and spokes A, B with edges H–A, H–B → H at the centre, A and B on the first
 * ring, two edges, `hiddenEdges` 0.
 */
export function toGraphViewModel(topology: Pick<Topology, 'nodes' | 'edges'>, options: GraphOptions = {}): GraphViewModel {
  const maxEdges = options.maxEdges ?? 600;
  const width = options.nodeWidth ?? NODE_WIDTH;
  const height = options.nodeHeight ?? NODE_HEIGHT;
  const online = new Map(topology.nodes.map((n) => [n.id, n.online] as const));
  const positions = shiftToOrigin(ringLayout(topology.nodes, width, height), width, height);
  const nodes = topology.nodes.map((node): GraphNodeView => {
    const mikrotikApi = (node.type === 'mikrotik' && node.deploymentMode === 'mikrotik-api') || (options.mikrotikManaged?.has(node.id) ?? false);
    const at = positions.get(node.id) ?? { x: 0, y: 0 };
    return {
      id: node.id,
      label: node.name,
      type: node.type,
      colour: TYPE_COLOURS[node.type] ?? '#333b46',
      statusColour: node.online ? STATUS_COLOURS.online : STATUS_COLOURS.offline,
      online: node.online,
      mikrotikApi,
      tunnelIp: node.tunnelIp,
      x: at.x,
      y: at.y,
      title: `${node.name} (${node.type}${mikrotikApi ? ', managed over the MikroTik API' : ''}), ${node.tunnelIp}, ${node.online ? 'online' : 'offline'}`,
    };
  });
  const known = new Set(topology.nodes.map((n) => n.id));
  const all = topology.edges
    .filter((e) => known.has(e.source) && known.has(e.target))
    .map((e): GraphEdgeView => ({ id: `${e.source}|${e.target}`, source: e.source, target: e.target, kind: e.kind, active: (online.get(e.source) ?? false) && (online.get(e.target) ?? false) }));
  const edges = all.length <= maxEdges ? all : [...all].sort((a, b) => edgeRank(a) - edgeRank(b)).slice(0, maxEdges).filter((e) => e.kind !== 'mesh' || e.active);
  const counts = new Map<PeerType, number>();
  for (const node of topology.nodes) counts.set(node.type, (counts.get(node.type) ?? 0) + 1);
  const legend = TYPE_ORDER.filter((type) => counts.has(type)).map((type) => ({ type, colour: TYPE_COLOURS[type], count: counts.get(type) ?? 0 }));
  const xs = nodes.map((n) => n.x);
  const ys = nodes.map((n) => n.y);
  return {
    nodes,
    edges,
    hiddenEdges: all.length - edges.length,
    width: nodes.length ? Math.max(...xs) - Math.min(...xs) + width : 0,
    height: nodes.length ? Math.max(...ys) - Math.min(...ys) + height : 0,
    legend,
  };
}

/** Explicit connections first, then hub links, then active mesh links, then the rest. */
function edgeRank(edge: GraphEdgeView): number {
  return edge.kind === 'connection' ? 0 : edge.kind === 'hub' ? 1 : edge.active ? 2 : 3;
}

/**
 * Centres hubs (in a small circle when there are several), then places the others on rings
 * whose circumference fits the nodes, ordered by type and name so the picture is stable.
 */
export function ringLayout(nodes: readonly TopologyNode[], width = NODE_WIDTH, height = NODE_HEIGHT): Map<string, { x: number; y: number }> {
  const byName = (a: TopologyNode, b: TopologyNode) => TYPE_ORDER.indexOf(a.type) - TYPE_ORDER.indexOf(b.type) || a.name.localeCompare(b.name);
  const hubs = nodes.filter((n) => n.type === 'hub').sort(byName);
  const others = nodes.filter((n) => n.type !== 'hub').sort(byName);
  const positions = new Map<string, { x: number; y: number }>();
  const spacing = Math.hypot(width, height) + 20;
  // Radius whose chord between neighbours is `spacing`, so no two boxes overlap.
  const hubRadius = hubs.length > 1 ? spacing / (2 * Math.sin(Math.PI / hubs.length)) : 0;
  hubs.forEach((hub, i) => positions.set(hub.id, polar(hubRadius, (2 * Math.PI * i) / hubs.length)));
  let radius = hubRadius + spacing * 2;
  let placed = 0;
  while (placed < others.length) {
    const fits = Math.max(1, Math.floor(Math.PI / Math.asin(Math.min(1, spacing / (2 * radius)))));
    const ring = others.slice(placed, placed + fits);
    ring.forEach((node, i) => positions.set(node.id, polar(radius, (2 * Math.PI * i) / ring.length - Math.PI / 2)));
    placed += ring.length;
    radius += spacing * 1.2;
  }
  return positions;
}

/** ngx-graph sizes its canvas from 0,0, so the drawing starts at a small margin from the origin. */
function shiftToOrigin(positions: Map<string, { x: number; y: number }>, width: number, height: number): Map<string, { x: number; y: number }> {
  const all = [...positions.values()];
  if (all.length === 0) return positions;
  const dx = width / 2 + 10 - Math.min(...all.map((p) => p.x));
  const dy = height / 2 + 10 - Math.min(...all.map((p) => p.y));
  return new Map([...positions].map(([id, p]) => [id, { x: p.x + dx, y: p.y + dy }]));
}

const polar = (radius: number, angle: number) => ({ x: Math.round(radius * Math.cos(angle)), y: Math.round(radius * Math.sin(angle)) });
