import { TestBed } from '@angular/core/testing';
import type { TopologyNode } from '../../core/api.models';
import { toGraphViewModel } from './graph-view-model.logic';
import { TopologyGraphComponent } from './topology-graph.component';

const node = (id: string, type: TopologyNode['type'], online: boolean): TopologyNode => ({ id, name: id, type, tunnelIp: `10.0.0.${id.length}`, online, lastSeen: null, endpoint: null, deploymentMode: type === 'mikrotik' ? 'mikrotik-api' : 'config-file', mikrotikApiStatus: type === 'mikrotik' ? 'connected' : null });

describe('TopologyGraphComponent', () => {
  it('draws every peer with its type, status and API mark, and emits the peer a user opens', async () => {
    const fixture = TestBed.createComponent(TopologyGraphComponent);
    const model = toGraphViewModel(
      { nodes: [node('hub', 'hub', true), node('paris', 'mikrotik', false), node('ann', 'client', true)], edges: [{ source: 'hub', target: 'paris', kind: 'hub', connectionId: null }, { source: 'ann', target: 'hub', kind: 'hub', connectionId: null }] },
      { mikrotikManaged: new Set(['paris']) },
    );
    fixture.componentRef.setInput('model', model);
    const opened: string[] = [];
    fixture.componentInstance.open.subscribe((id: string) => opened.push(id));
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.detectChanges();

    const host = fixture.nativeElement as HTMLElement;
    const nodes = [...host.querySelectorAll('g.peer-node')];
    expect(nodes.map((n) => n.getAttribute('data-peer-id')).sort()).toEqual(['ann', 'hub', 'paris']);
    const paris = host.querySelector('g.peer-node[data-peer-id="paris"]')!;
    expect(paris.getAttribute('data-online')).toBe('false');
    expect(paris.querySelector('.api-mark')).not.toBeNull();
    expect(host.querySelector('g.peer-node[data-peer-id="ann"] .api-mark')).toBeNull();
    expect(paris.getAttribute('aria-label')).toContain('offline');
    expect(host.querySelectorAll('g.edge')).toHaveLength(2);

    (paris as SVGGElement).dispatchEvent(new MouseEvent('click', { bubbles: true }));
    paris.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(opened).toEqual(['paris', 'paris']);
  });

  it('renders nothing for an empty WAN', async () => {
    const fixture = TestBed.createComponent(TopologyGraphComponent);
    fixture.componentRef.setInput('model', toGraphViewModel({ nodes: [], edges: [] }));
    fixture.detectChanges();
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).querySelector('ngx-graph')).toBeNull();
  });
});
