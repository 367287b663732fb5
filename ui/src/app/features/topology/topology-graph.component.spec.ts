import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { TopologyNode } from '../../core/api.models';
import { toGraphViewModel } from './graph-view-model.logic';
import { TopologyGraphComponent } from './topology-graph.component';
import { ZOOM_STEP } from './viewport.logic';

const node = (id: string, type: TopologyNode['type'], online: boolean): TopologyNode => ({ id, name: id, type, tunnelIp: `10.0.0.${id.length}`, online, lastSeen: null, endpoint: null, deploymentMode: type === 'mikrotik' ? 'mikrotik-api' : 'config-file', mikrotikApiStatus: type === 'mikrotik' ? 'connected' : null });

/** jsdom has no 2D canvas: a context that records the strokes it is asked for. */
class RecordingPath {
  segments = 0;
  moveTo(): void {
    this.segments++;
  }
  lineTo(): void {}
}

function fakeContext(strokedSegments: number[]): Partial<CanvasRenderingContext2D> {
  const noop = () => undefined;
  return {
    setTransform: noop, clearRect: noop, drawImage: noop, fillRect: noop, beginPath: noop, arc: noop, fill: noop, moveTo: noop, lineTo: noop, fillText: noop, strokeText: noop,
    measureText: (text: string) => ({ width: text.length * 7 }) as TextMetrics,
    stroke: ((path?: RecordingPath) => path && strokedSegments.push(path.segments)) as CanvasRenderingContext2D['stroke'],
  };
}

describe('TopologyGraphComponent', () => {
  const strokes: number[] = [];
  beforeEach(() => {
    strokes.length = 0;
    (globalThis as { Path2D?: unknown }).Path2D = RecordingPath;
    jest.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => fakeContext(strokes) as CanvasRenderingContext2D);
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
  });
  afterEach(() => jest.restoreAllMocks());

  const model = toGraphViewModel({
    nodes: [node('hub', 'hub', true), node('paris', 'mikrotik', false), node('ann', 'client', true)],
    edges: [{ source: 'hub', target: 'paris', kind: 'hub', connectionId: null, handshakeAgeSeconds: 20 }, { source: 'ann', target: 'hub', kind: 'hub', connectionId: null }],
  });

  async function render(visible: boolean[] | null = null) {
    const fixture = TestBed.createComponent(TopologyGraphComponent);
    fixture.componentRef.setInput('model', model);
    fixture.componentRef.setInput('visible', visible);
    fixture.detectChanges();
    await fixture.whenStable();
    fixture.componentInstance.drawFrame();
    return { fixture, host: fixture.nativeElement as HTMLElement };
  }

  it('draws every link and peer and says so on the host, with an accessible name', async () => {
    const { host } = await render();
    expect(host.getAttribute('data-links-drawn')).toBe('2');
    expect(host.getAttribute('data-nodes-drawn')).toBe('3');
    expect(strokes.reduce((a, b) => a + b, 0)).toBe(2);
    expect(host.querySelector('canvas')!.getAttribute('aria-label')).toBe('Topology map of 3 peers and 2 links: 1 up, 0 down, 1 without a reading.');
  });

  it('draws only what the filter keeps', async () => {
    const { host } = await render([true, false, true]);
    expect(host.getAttribute('data-links-drawn')).toBe('1');
    expect(host.getAttribute('data-nodes-drawn')).toBe('2');
  });

  it('zooms with the keyboard and the buttons, pans with the arrows, and fits again with 0', async () => {
    const { fixture, host } = await render();
    const canvas = host.querySelector('canvas')!;
    const view = () => host.getAttribute('data-view')!.split(',').map(Number) as [number, number, number];
    const press = (key: string) => {
      canvas.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));
      fixture.componentInstance.drawFrame();
    };
    const [fitted, fx, fy] = view();
    press('+');
    expect(view()[0]).toBeCloseTo(fitted * ZOOM_STEP, 3);
    press('-');
    press('-');
    expect(view()[0]).toBeCloseTo(fitted / ZOOM_STEP, 3);
    press('ArrowLeft');
    press('ArrowUp');
    press('0');
    expect(view()).toEqual([fitted, fx, fy]);
    (host.querySelector('button[aria-label="Zoom in"]') as HTMLButtonElement).click();
    fixture.componentInstance.drawFrame();
    expect(view()[0]).toBeCloseTo(fitted * ZOOM_STEP, 3);
    const before = view();
    press('ArrowLeft');
    press('ArrowDown');
    [before[0], before[1] + 80, before[2] - 80].forEach((expected, i) => expect(view()[i]).toBeCloseTo(expected, 1));
  });

  it('opens the peer a user clicks, not one a drag ends on', async () => {
    const { fixture, host } = await render();
    const opened: string[] = [];
    fixture.componentInstance.open.subscribe((id: string) => opened.push(id));
    const canvas = host.querySelector('canvas')!;
    const [scale, x, y] = host.getAttribute('data-view')!.split(',').map(Number) as [number, number, number];
    const paris = model.nodes.find((n) => n.id === 'paris')!;
    const at = { clientX: paris.x * scale + x, clientY: paris.y * scale + y, button: 0, bubbles: true };
    canvas.dispatchEvent(new MouseEvent('pointerdown', at));
    canvas.dispatchEvent(new MouseEvent('pointerup', at));
    expect(opened).toEqual(['paris']);
    canvas.dispatchEvent(new MouseEvent('pointerdown', { ...at, clientX: at.clientX - 50 }));
    canvas.dispatchEvent(new MouseEvent('pointermove', at));
    canvas.dispatchEvent(new MouseEvent('pointerup', at));
    expect(opened).toEqual(['paris']);
  });

  it('lists every peer with its links and a link to it in the peer table', async () => {
    const { fixture, host } = await render();
    const toggle = [...host.querySelectorAll('button')].find((b) => b.textContent?.includes('peer table'))!;
    toggle.click();
    fixture.detectChanges();
    const rows = [...host.querySelectorAll('tbody tr')];
    expect(rows.map((r) => r.getAttribute('data-peer-id'))).toEqual(['ann', 'hub', 'paris']);
    const hub = host.querySelector('tr[data-peer-id="hub"]')!;
    expect([...hub.querySelectorAll('td')].slice(4).map((td) => td.textContent)).toEqual(['2', '1', '0', '1']);
    expect(hub.querySelector('a')!.getAttribute('href')).toBe('/peers/hub');
    expect(host.querySelector('tr[data-peer-id="paris"] .api')).not.toBeNull();
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
  });
});
