import type { TopologyEdge, TopologyNode } from '../../core/api.models';
import { NODE_SPACING, ringLayout, toGraphViewModel, TYPE_COLOURS } from './graph-view-model.logic';

const node = (id: string, type: TopologyNode['type'], online = true, deploymentMode: TopologyNode['deploymentMode'] = 'config-file'): TopologyNode => ({
  id,
  name: id,
  type,
  tunnelIp: '10.0.0.1',
  online,
  lastSeen: null,
  endpoint: null,
  deploymentMode,
  mikrotikApiStatus: type === 'mikrotik' ? 'unknown' : null,
});
const edge = (source: string, target: string, kind: TopologyEdge['kind'], handshakeAgeSeconds?: number | null): TopologyEdge =>
  handshakeAgeSeconds === undefined ? { source, target, kind, connectionId: null } : { source, target, kind, connectionId: null, handshakeAgeSeconds };

function mesh(size: number): { nodes: TopologyNode[]; edges: TopologyEdge[] } {
  const types = ['mikrotik', 'server', 'client', 'generic-router'] as const;
  const nodes = [node('hub', 'hub'), ...Array.from({ length: size - 1 }, (_, i) => node(`site-${String(i + 1).padStart(3, '0')}`, types[i % 4]!, i % 3 !== 0))];
  const edges: TopologyEdge[] = [];
  for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) edges.push(edge(nodes[i]!.id, nodes[j]!.id, i === 0 ? 'hub' : 'mesh'));
  return { nodes, edges };
}

describe('toGraphViewModel', () => {
  it('draws a hub-spoke WAN as a star with the hub at the centre', () => {
    const model = toGraphViewModel({ nodes: [node('a', 'client'), node('h', 'hub'), node('b', 'mikrotik', false)], edges: [edge('a', 'h', 'hub'), edge('b', 'h', 'hub')] });
    const hub = model.nodes.find((n) => n.id === 'h')!;
    expect([hub.x, hub.y]).toEqual([0, 0]);
    expect(model.edges.map((e) => e.id)).toEqual(['a|h', 'b|h']);
    expect(model.edges.map((e) => [model.nodes[e.sourceIndex]!.id, model.nodes[e.targetIndex]!.id])).toEqual([['a', 'h'], ['b', 'h']]);
    expect(model.edges.find((e) => e.source === 'b')?.active).toBe(false);
    expect(hub.links).toEqual({ up: 0, down: 0, unknown: 2, total: 2 });
  });

  it('keeps every link of a 200-peer mesh, with one position per peer', () => {
    const model = toGraphViewModel(mesh(200));
    expect(model.edges).toHaveLength(19_900);
    expect(new Set(model.nodes.map((n) => `${n.x},${n.y}`)).size).toBe(200);
    expect(model.nodes.every((n) => n.links.total === 199)).toBe(true);
    expect(model.health).toEqual({ up: 0, down: 0, unknown: 19_900 });
  });

  it('gives each link its health from the handshake age and counts it on both ends', () => {
    const model = toGraphViewModel({
      nodes: [node('a', 'hub'), node('b', 'server'), node('c', 'server'), node('d', 'client')],
      edges: [edge('a', 'b', 'hub', 30), edge('a', 'c', 'hub', 900), edge('a', 'd', 'hub', null), edge('b', 'c', 'mesh')],
    });
    expect(model.edges.map((e) => [e.id, e.health, e.handshakeAgeSeconds])).toEqual([
      ['a|b', 'up', 30], ['a|c', 'down', 900], ['a|d', 'down', null], ['b|c', 'unknown', null],
    ]);
    expect(model.health).toEqual({ up: 1, down: 2, unknown: 1 });
    expect(model.nodes[0]!.links).toEqual({ up: 1, down: 2, unknown: 0, total: 3 });
    expect(model.nodes[0]!.title).toContain('3 links: 1 up, 2 down, 0 unknown');
  });

  it('colours by type and status, marks API-managed routers and carries tags', () => {
    const model = toGraphViewModel(
      { nodes: [node('r', 'mikrotik', false, 'mikrotik-api'), node('s', 'server'), node('m', 'mikrotik', true, 'mikrotik-script')], edges: [] },
      { tags: new Map([['s', ['paris', 'dc']]]) },
    );
    const router = model.nodes.find((n) => n.id === 'r')!;
    expect(router.colour).toBe(TYPE_COLOURS.mikrotik);
    expect(router.statusColour).toBe('#b3261e');
    expect(router.mikrotikApi).toBe(true);
    expect(router.title).toContain('managed over the MikroTik API');
    expect(model.nodes.find((n) => n.id === 'm')!.mikrotikApi).toBe(false);
    expect(model.nodes.find((n) => n.id === 's')!.tags).toEqual(['paris', 'dc']);
    expect(model.legend).toEqual([
      { type: 'mikrotik', colour: TYPE_COLOURS.mikrotik, count: 2 },
      { type: 'server', colour: TYPE_COLOURS.server, count: 1 },
    ]);
  });

  it('ranks labels: hubs, then routers, then by link count', () => {
    const model = toGraphViewModel({ nodes: [node('c', 'client'), node('h', 'hub'), node('r', 'mikrotik'), node('c2', 'client')], edges: [edge('c', 'c2', 'mesh')] });
    const order = [...model.nodes].sort((a, b) => b.labelPriority - a.labelPriority).map((n) => n.id);
    expect(order).toEqual(['h', 'r', 'c', 'c2']);
  });

  it('ignores links to peers it does not know, and is empty for an empty WAN', () => {
    expect(toGraphViewModel({ nodes: [node('a', 'hub')], edges: [edge('a', 'ghost', 'hub')] }).edges).toEqual([]);
    expect(toGraphViewModel({ nodes: [], edges: [] })).toMatchObject({ nodes: [], edges: [], bounds: { minX: 0, minY: 0, maxX: 0, maxY: 0 } });
  });
});

describe('ringLayout', () => {
  const closest = (points: { x: number; y: number }[]) => {
    let best = Infinity;
    for (let i = 0; i < points.length; i++) for (let j = i + 1; j < points.length; j++) best = Math.min(best, Math.hypot(points[i]!.x - points[j]!.x, points[i]!.y - points[j]!.y));
    return best;
  };

  it('places several hubs on a small circle and keeps every peer a spacing apart', () => {
    const at = ringLayout([node('h1', 'hub'), node('h2', 'hub'), ...Array.from({ length: 30 }, (_, i) => node(`c${i}`, 'client'))]);
    expect(at.get('h1')).not.toEqual(at.get('h2'));
    expect(closest([...at.values()])).toBeGreaterThanOrEqual(NODE_SPACING - 1);
  });

  it('puts each type on rings of its own, further out in type order', () => {
    const { nodes } = mesh(41);
    const at = ringLayout(nodes);
    const radius = (id: string) => Math.round(Math.hypot(at.get(id)!.x, at.get(id)!.y));
    const radiiOf = (type: string) => new Set(nodes.filter((n) => n.type === type).map((n) => radius(n.id)));
    const [mikrotik, router, server, client] = (['mikrotik', 'generic-router', 'server', 'client'] as const).map(radiiOf);
    for (const [inner, outer] of [[mikrotik!, router!], [router!, server!], [server!, client!]] as const) expect(Math.max(...inner)).toBeLessThan(Math.min(...outer));
    expect(closest([...at.values()])).toBeGreaterThanOrEqual(NODE_SPACING - 1);
  });

  it('is deterministic whatever order the peers arrive in', () => {
    const { nodes } = mesh(60);
    expect(ringLayout([...nodes].reverse())).toEqual(ringLayout(nodes));
  });
});
