import type { TopologyEdge, TopologyNode } from '../../core/api.models';
import { NODE_HEIGHT, ringLayout, toGraphViewModel, TYPE_COLOURS } from './graph-view-model.logic';

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
const edge = (source: string, target: string, kind: TopologyEdge['kind']): TopologyEdge => ({ source, target, kind, connectionId: null });

describe('toGraphViewModel', () => {
  it('draws a hub-spoke WAN as a star with the hub at the centre', () => {
    const model = toGraphViewModel({ nodes: [node('a', 'client'), node('h', 'hub'), node('b', 'mikrotik', false)], edges: [edge('h', 'a', 'hub'), edge('h', 'b', 'hub')] });
    const hub = model.nodes.find((n) => n.id === 'h')!;
    const spokes = model.nodes.filter((n) => n.id !== 'h');
    // The hub sits midway between its two spokes, and the drawing starts near the origin.
    expect(hub.x).toBeCloseTo((spokes[0]!.x + spokes[1]!.x) / 2, 0);
    expect(Math.min(...model.nodes.map((n) => n.y))).toBe(NODE_HEIGHT / 2 + 10);
    expect(model.edges.map((e) => e.id)).toEqual(['h|a', 'h|b']);
    expect(model.edges.find((e) => e.target === 'b')?.active).toBe(false);
    expect(model.hiddenEdges).toBe(0);
  });

  it('colours by type and status and marks API-managed MikroTik peers', () => {
    const model = toGraphViewModel({ nodes: [node('r', 'mikrotik', false, 'mikrotik-api'), node('s', 'server'), node('m', 'mikrotik', true, 'mikrotik-script')], edges: [] });
    const router = model.nodes.find((n) => n.id === 'r')!;
    expect(router.colour).toBe(TYPE_COLOURS.mikrotik);
    expect(router.statusColour).toBe('#b3261e');
    expect(router.mikrotikApi).toBe(true);
    expect(router.title).toContain('managed over the MikroTik API');
    expect(model.nodes.find((n) => n.id === 's')!.mikrotikApi).toBe(false);
    // A router configured by pasting a script is not managed over the API.
    expect(model.nodes.find((n) => n.id === 'm')!.mikrotikApi).toBe(false);
    expect(model.legend).toEqual([
      { type: 'mikrotik', colour: TYPE_COLOURS.mikrotik, count: 2 },
      { type: 'server', colour: TYPE_COLOURS.server, count: 1 },
    ]);
  });

  it('keeps a 200-peer mesh legible by dropping inactive links past the cap', () => {
    const nodes = Array.from({ length: 200 }, (_, i) => node(`p${String(i).padStart(3, '0')}`, 'server', i % 2 === 0));
    const edges: TopologyEdge[] = [];
    for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) edges.push(edge(nodes[i]!.id, nodes[j]!.id, 'mesh'));
    edges.push(edge('p001', 'p003', 'connection'));
    const model = toGraphViewModel({ nodes, edges: edges.map((e) => (e.source === 'p001' && e.target === 'p003' ? { ...e, kind: 'connection' as const } : e)) }, { maxEdges: 300 });
    expect(model.edges.length).toBeLessThanOrEqual(300);
    expect(model.edges.some((e) => e.kind === 'connection')).toBe(true);
    expect(model.edges.filter((e) => e.kind === 'mesh').every((e) => e.active)).toBe(true);
    expect(model.hiddenEdges).toBe(19_901 - model.edges.length);
    expect(new Set(model.nodes.map((n) => `${n.x},${n.y}`)).size).toBe(200);
  });

  it('ignores links to peers it does not know', () => {
    expect(toGraphViewModel({ nodes: [node('a', 'hub')], edges: [edge('a', 'ghost', 'hub')] }).edges).toEqual([]);
  });

  it('is empty for an empty WAN', () => {
    expect(toGraphViewModel({ nodes: [], edges: [] })).toMatchObject({ nodes: [], edges: [], width: 0, height: 0 });
  });
});

describe('ringLayout', () => {
  it('places several hubs on a small circle and spaces others apart', () => {
    const nodes = [node('h1', 'hub'), node('h2', 'hub'), ...Array.from({ length: 30 }, (_, i) => node(`c${i}`, 'client'))];
    const at = ringLayout(nodes);
    expect(at.get('h1')).not.toEqual(at.get('h2'));
    const points = [...at.values()];
    let closest = Infinity;
    for (let i = 0; i < points.length; i++) for (let j = i + 1; j < points.length; j++) closest = Math.min(closest, Math.hypot(points[i]!.x - points[j]!.x, points[i]!.y - points[j]!.y));
    expect(closest).toBeGreaterThan(150);
  });
});
