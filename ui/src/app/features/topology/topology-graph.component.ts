import { afterNextRender, ChangeDetectionStrategy, Component, computed, DestroyRef, effect, ElementRef, inject, input, output, signal, viewChild } from '@angular/core';
import { WanContext } from '../../core/wan-context.service';
import type { GraphViewModel } from './graph-view-model.logic';
import { peerDetailLink } from './peer-route';
import { exportPng, exportSvg } from './svg-export.util';
import { DARK_INK, LIGHT_INK, TopologyCanvasRenderer, type FrameStats } from './topology-canvas.renderer';
import { TopologyTableComponent } from './topology-table.component';
import { centreOn, fitViewport, nodeAt, PAN_STEP, panBy, scaleLimits, wheelFactor, zoomAround, ZOOM_STEP, type Viewport } from './viewport.logic';

/** Pixels a press may move and still count as a click rather than a drag. */
const CLICK_SLOP = 4;
/** Search centring zooms in at least this far, so the found peer's neighbours are told apart. */
const FOCUS_SCALE = 1.2;
/** The view rests after this long without a move: then every link is stroked afresh (see LinkLayer). */
const SETTLE_MS = 120;

/**
 * The WAN drawn on a canvas: every link coloured by health, peers coloured by type with a status
 * ring, labels where they fit. Wheel, drag, the buttons and the keyboard (+ − arrows 0) zoom and
 * pan; a click opens the peer. After every frame the host carries `data-links-drawn`,
 * `data-nodes-drawn`, `data-nodes-on-screen`, `data-labels-drawn`, `data-link-layer` (links
 * stroked for this frame, or the layer stroked for an earlier view moved into place while the
 * view moves) and `data-scale`, so a test (and the benchmark) can tell what the last frame drew.
 */
@Component({
  selector: 'wom-topology-graph',
  imports: [TopologyTableComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="graph-wrap" #wrap [style.height.px]="height()">
      <canvas #canvas tabindex="0" role="img" [attr.aria-label]="summary()" aria-describedby="topology-keys"
              (pointerdown)="pointerDown($event)" (pointermove)="pointerMove($event)" (pointerup)="pointerUp($event)" (pointerleave)="pointerLeave()"
              (keydown)="key($event)"></canvas>
      <div class="controls" role="toolbar" aria-label="Map controls">
        <button type="button" aria-label="Zoom in" title="Zoom in (+)" (click)="zoomBy(zoomStep)">+</button>
        <button type="button" aria-label="Zoom out" title="Zoom out (−)" (click)="zoomBy(1 / zoomStep)">−</button>
        <button type="button" aria-label="Fit to screen" title="Fit (0)" (click)="fit()">⤢</button>
      </div>
      @if (tooltip(); as tip) { <div class="tooltip" role="status" [style.left.px]="tip.x" [style.top.px]="tip.y">{{ tip.text }}</div> }
    </div>
    <p id="topology-keys" class="sr-only">Plus and minus zoom, arrow keys pan, 0 fits the map, Enter opens the selected peer. Every peer is listed in the peer table.</p>
    <div class="row below">
      <button type="button" class="table-toggle" [attr.aria-pressed]="showTable()" (click)="showTable.set(!showTable())">{{ showTable() ? 'Hide peer table' : 'Show peer table' }}</button>
    </div>
    @if (showTable()) { <wom-topology-table [model]="model()" [visible]="visible()" [matches]="matchSet()" [link]="link" /> }
  `,
  styles: `.graph-wrap { position: relative; width: 100%; background: var(--mat-sys-surface, #fff); border: 1px solid var(--mat-sys-outline-variant, #d6dbe3); border-radius: 8px; overflow: hidden; }
           canvas { display: block; width: 100%; height: 100%; touch-action: none; cursor: grab; } canvas.over-node { cursor: pointer; } canvas:focus-visible { outline: 3px solid #0b57d0; outline-offset: -3px; }
           .controls { position: absolute; right: 8px; top: 8px; display: flex; flex-direction: column; gap: 4px; }
           .controls button { width: 32px; height: 32px; font-size: 18px; line-height: 1; padding: 0; }
           .tooltip { position: absolute; pointer-events: none; background: #202124; color: #fff; padding: 4px 8px; border-radius: 4px; font-size: 0.8rem; max-width: 360px; transform: translate(12px, 12px); }
           .below { margin-top: 6px; }`,
})
export class TopologyGraphComponent {
  private readonly host = inject(ElementRef<HTMLElement>).nativeElement as HTMLElement;
  private readonly context = inject(WanContext);
  private readonly destroyRef = inject(DestroyRef);
  /** The console follows the system's colour scheme; so do the map's labels. */
  private readonly darkScheme: { matches: boolean } = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : { matches: false };
  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  private readonly wrap = viewChild.required<ElementRef<HTMLDivElement>>('wrap');
  readonly model = input.required<GraphViewModel>();
  readonly height = input(560);
  /** One flag per peer from the filter; null shows all. */
  readonly visible = input<readonly boolean[] | null>(null);
  /** Search matches (peer indices), ringed and always labelled. */
  readonly matches = input<readonly number[]>([]);
  readonly open = output<string>();

  readonly zoomStep = ZOOM_STEP;
  readonly showTable = signal(false);
  readonly tooltip = signal<{ x: number; y: number; text: string } | null>(null);
  readonly matchSet = computed(() => new Set(this.matches()));
  readonly link = (peerId: string) => peerDetailLink(this.context.wanId(), peerId);
  readonly summary = computed(() => {
    const m = this.model();
    return `Topology map of ${m.nodes.length} peers and ${m.edges.length} links: ${m.health.up} up, ${m.health.down} down, ${m.health.unknown} without a reading.`;
  });

  private readonly renderer = new TopologyCanvasRenderer();
  private view: Viewport = { scale: 1, x: 0, y: 0 };
  private fittedFor: GraphViewModel['bounds'] | null = null;
  private size = { width: 0, height: 0 };
  private hovered = -1;
  private selected = -1;
  private press: { x: number; y: number; view: Viewport; dragged: boolean; pointerId: number } | null = null;
  private frameRequest = 0;
  private frames = 0;
  private lastMove = 0;
  private settleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    afterNextRender(() => this.attach());
    // A change of the system's scheme redraws the labels in the other ink.
    if (this.darkScheme instanceof EventTarget) {
      const redraw = () => this.requestFrame();
      this.darkScheme.addEventListener('change', redraw);
      this.destroyRef.onDestroy(() => (this.darkScheme as unknown as EventTarget).removeEventListener('change', redraw));
    }
    effect(() => {
      this.model();
      this.visible();
      this.matchSet();
      this.requestFrame();
    });
  }

  private attach(): void {
    const canvas = this.canvas().nativeElement;
    const wheel = (event: WheelEvent) => {
      event.preventDefault();
      const at = this.pointerAt(event);
      this.setView(zoomAround(this.view, wheelFactor(event.deltaY, event.deltaMode), at.x, at.y, this.limits()));
    };
    // Not passive: the page must not scroll while the wheel zooms the map.
    canvas.addEventListener('wheel', wheel, { passive: false });
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => this.resize());
    observer?.observe(this.wrap().nativeElement);
    this.resize();
    this.destroyRef.onDestroy(() => {
      canvas.removeEventListener('wheel', wheel);
      observer?.disconnect();
      cancelAnimationFrame(this.frameRequest);
      clearTimeout(this.settleTimer);
    });
  }

  private resize(): void {
    const wrap = this.wrap().nativeElement;
    const width = wrap.clientWidth || 800;
    const height = wrap.clientHeight || this.height();
    if (width === this.size.width && height === this.size.height) return;
    const ratio = window.devicePixelRatio || 1;
    const canvas = this.canvas().nativeElement;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    this.size = { width, height };
    this.fittedFor = null;
    this.requestFrame();
  }

  private limits() {
    return scaleLimits(fitViewport(this.model().bounds, this.size.width, this.size.height).scale);
  }

  private setView(view: Viewport): void {
    this.view = view;
    this.lastMove = performance.now();
    this.tooltip.set(null);
    this.requestFrame();
  }

  private requestFrame(): void {
    if (this.frameRequest || typeof requestAnimationFrame === 'undefined') return;
    this.frameRequest = requestAnimationFrame(() => {
      this.frameRequest = 0;
      this.drawFrame();
    });
  }

  /** Draws now; the next frame request (if any) draws again. Public for tests that cannot wait on animation frames. */
  drawFrame(): void {
    const canvas = this.canvas().nativeElement;
    const context = canvas.getContext('2d');
    const model = this.model();
    if (this.size.width === 0) this.resize();
    // A new drawing (other peers, other bounds) is fitted; a refresh of the same WAN keeps where the user looked.
    if (!sameBounds(this.fittedFor, model.bounds)) {
      this.view = fitViewport(model.bounds, this.size.width, this.size.height);
      this.fittedFor = model.bounds;
    }
    if (this.hovered >= model.nodes.length) this.hovered = -1;
    if (this.selected >= model.nodes.length) this.selected = -1;
    let stats: FrameStats = { linksDrawn: 0, nodesDrawn: 0, nodesOnScreen: 0, labelsDrawn: 0, linkLayer: 'fresh' };
    const settled = performance.now() - this.lastMove >= SETTLE_MS;
    if (context) {
      this.renderer.setModel(model, context);
      stats = this.renderer.draw(context, {
        view: this.view, width: this.size.width, height: this.size.height, pixelRatio: canvas.width / Math.max(1, this.size.width),
        visible: this.visible(), emphasised: [this.hovered, this.selected], matches: this.matchSet(), selected: this.selected, hovered: this.hovered,
        reuseLinkLayer: true, settled, ink: this.darkScheme.matches ? DARK_INK : LIGHT_INK,
      });
    }
    // A moved layer is stroked afresh once the view rests.
    if (stats.linkLayer === 'reused' && this.settleTimer === undefined) {
      this.settleTimer = setTimeout(() => {
        this.settleTimer = undefined;
        this.requestFrame();
      }, SETTLE_MS);
    }
    this.frames++;
    const set = (name: string, value: string | number) => this.host.setAttribute(name, String(value));
    set('data-links-drawn', stats.linksDrawn);
    set('data-nodes-drawn', stats.nodesDrawn);
    set('data-nodes-on-screen', stats.nodesOnScreen);
    set('data-labels-drawn', stats.labelsDrawn);
    set('data-link-layer', stats.linkLayer);
    set('data-scale', this.view.scale.toFixed(4));
    set('data-view', `${this.view.scale.toFixed(4)},${this.view.x.toFixed(1)},${this.view.y.toFixed(1)}`);
    set('data-centre-peer', model.nodes[nodeAt(this.view, model.nodes, this.size.width / 2, this.size.height / 2, 30, this.visible())]?.id ?? '');
    set('data-selected-peer', model.nodes[this.selected]?.id ?? '');
    set('data-frames', this.frames);
  }

  zoomBy(factor: number): void {
    this.setView(zoomAround(this.view, factor, this.size.width / 2, this.size.height / 2, this.limits()));
  }

  fit(): void {
    this.setView(fitViewport(this.model().bounds, this.size.width, this.size.height));
  }

  /** Centres the peer at `index`, zoomed in far enough to read its neighbours, and selects it. */
  centreOnPeer(index: number): void {
    const node = this.model().nodes[index];
    if (!node) return;
    this.selected = index;
    this.setView(centreOn(this.view, node.x, node.y, this.size.width, this.size.height, Math.min(this.limits().max, FOCUS_SCALE)));
  }

  pointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    const at = this.pointerAt(event);
    this.press = { ...at, view: this.view, dragged: false, pointerId: event.pointerId };
    try {
      this.canvas().nativeElement.setPointerCapture?.(event.pointerId);
    } catch {
      // A synthetic event's pointer cannot be captured; the drag still works inside the canvas.
    }
  }

  pointerMove(event: PointerEvent): void {
    const at = this.pointerAt(event);
    if (this.press) {
      const dx = at.x - this.press.x;
      const dy = at.y - this.press.y;
      if (this.press.dragged || Math.hypot(dx, dy) > CLICK_SLOP) {
        this.press.dragged = true;
        this.setView(panBy(this.press.view, dx, dy));
      }
      return;
    }
    const model = this.model();
    const index = nodeAt(this.view, model.nodes, at.x, at.y, 12, this.visible());
    if (index === this.hovered) return;
    this.hovered = index;
    this.canvas().nativeElement.classList.toggle('over-node', index >= 0);
    this.tooltip.set(index >= 0 ? { x: at.x, y: at.y, text: model.nodes[index]!.title } : null);
    this.requestFrame();
  }

  pointerUp(event: PointerEvent): void {
    const press = this.press;
    this.press = null;
    if (this.canvas().nativeElement.hasPointerCapture?.(event.pointerId)) this.canvas().nativeElement.releasePointerCapture(event.pointerId);
    if (!press || press.dragged) return;
    const at = this.pointerAt(event);
    const index = nodeAt(this.view, this.model().nodes, at.x, at.y, 12, this.visible());
    if (index >= 0) this.open.emit(this.model().nodes[index]!.id);
  }

  pointerLeave(): void {
    if (this.hovered < 0) return;
    this.hovered = -1;
    this.tooltip.set(null);
    this.requestFrame();
  }

  key(event: KeyboardEvent): void {
    const pan: Record<string, [number, number]> = { ArrowLeft: [PAN_STEP, 0], ArrowRight: [-PAN_STEP, 0], ArrowUp: [0, PAN_STEP], ArrowDown: [0, -PAN_STEP] };
    if (event.key === '+' || event.key === '=') this.zoomBy(ZOOM_STEP);
    else if (event.key === '-' || event.key === '_' || event.key === '−') this.zoomBy(1 / ZOOM_STEP);
    else if (event.key === '0') this.fit();
    else if (pan[event.key]) this.setView(panBy(this.view, ...pan[event.key]!));
    else if (event.key === 'Enter' && this.selected >= 0) this.open.emit(this.model().nodes[this.selected]!.id);
    else if (event.key === 'Escape') this.clearSelection();
    else return;
    event.preventDefault();
  }

  private clearSelection(): void {
    this.selected = -1;
    this.requestFrame();
  }

  private pointerAt(event: MouseEvent): { x: number; y: number } {
    const box = this.canvas().nativeElement.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }

  exportSvg(fileName: string): void {
    exportSvg(this.model(), this.visible(), fileName);
  }

  exportPng(fileName: string): Promise<void> {
    return exportPng(this.model(), this.visible(), fileName);
  }
}

const sameBounds = (a: GraphViewModel['bounds'] | null, b: GraphViewModel['bounds']) =>
  a !== null && a.minX === b.minX && a.minY === b.minY && a.maxX === b.maxX && a.maxY === b.maxY;
