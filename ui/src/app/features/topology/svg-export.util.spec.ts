import type { TopologyEdge, TopologyNode } from '../../core/api.models';
import { toGraphViewModel } from './graph-view-model.logic';
import { topologySvg } from './svg-export.util';

const node = (id: string, type: TopologyNode['type']): TopologyNode => ({ id, name: `<${id}>`, type, tunnelIp: '10.0.0.1', online: true, lastSeen: null, endpoint: null, deploymentMode: 'config-file', mikrotikApiStatus: null });

describe('topologySvg', () => {
  const nodes = Array.from({ length: 60 }, (_, i) => node(`p${i}`, i === 0 ? 'hub' : 'server'));
  const edges: TopologyEdge[] = [];
  for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) edges.push({ source: nodes[i]!.id, target: nodes[j]!.id, kind: 'mesh', connectionId: null, ...(j === 1 ? { handshakeAgeSeconds: 5 } : {}) });
  const model = toGraphViewModel({ nodes, edges });
  const parse = (svg: string) => new DOMParser().parseFromString(svg, 'image/svg+xml');
  const segments = (doc: Document) => [...doc.querySelectorAll('path.links')].reduce((sum, p) => sum + (p.getAttribute('d')!.match(/M/g)?.length ?? 0), 0);

  it('holds every link, grouped by health, and every peer with an escaped label', () => {
    const doc = parse(topologySvg(model, null));
    expect(doc.querySelector('parsererror')).toBeNull();
    expect(segments(doc)).toBe(1770);
    expect(doc.querySelector('path[data-health="up"]')!.getAttribute('data-links')).toBe('1');
    expect(doc.querySelector('path[data-health="unknown"]')!.getAttribute('data-links')).toBe('1769');
    expect(doc.querySelectorAll('g.peer')).toHaveLength(60);
    expect(doc.querySelector('g.peer text')!.textContent).toBe('<p0>');
  });

  it('leaves out the peers a filter hides and their links', () => {
    const visible = nodes.map((_, i) => i < 10);
    const doc = parse(topologySvg(model, visible));
    expect(doc.querySelectorAll('g.peer')).toHaveLength(10);
    expect(segments(doc)).toBe(45);
  });
});
