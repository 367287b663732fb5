import type { GraphViewModel } from './graph-view-model.logic';
import { placeLabels, type LabelCandidate } from './label-placement.logic';
import { HEALTH_COLOURS, type LinkHealth } from './link-health.logic';
import { LinkLayer } from './link-layer';
import type { Viewport } from './viewport.logic';

/** What one frame shows besides the model: where, which peers are kept, and which stand out. */
export interface FrameState {
  readonly view: Viewport;
  /** CSS pixels. */
  readonly width: number;
  readonly height: number;
  readonly pixelRatio: number;
  /** One flag per peer (null: all kept); a link is drawn when both ends are kept. */
  readonly visible: readonly boolean[] | null;
  /** Hovered and selected peers: their links are drawn on top, the rest faded. */
  readonly emphasised: readonly number[];
  /** Search matches: ringed and always labelled. */
  readonly matches: ReadonlySet<number>;
  readonly selected: number;
  readonly hovered: number;
  /** Filled behind the drawing (an exported image); the screen stays transparent over the page. */
  readonly background?: string;
  /** Label and ring colours for the page's colour scheme; light when absent (exports). */
  readonly ink?: CanvasInk;
  /**
   * Keep the rasterised links in a layer and, while the view is moving, show that layer moved
   * and stretched instead of stroking every link again; `settled` then draws them afresh, crisp.
   */
  readonly reuseLinkLayer?: boolean;
  readonly settled?: boolean;
}

/** The colours that must contrast with what is behind the map: labels, their halo, the selected ring. */
export interface CanvasInk {
  readonly label: string;
  readonly halo: string;
  readonly selectedRing: string;
}

export const LIGHT_INK: CanvasInk = { label: '#202124', halo: 'rgba(255,255,255,0.9)', selectedRing: '#202124' };
export const DARK_INK: CanvasInk = { label: '#e8eaed', halo: 'rgba(20,21,24,0.9)', selectedRing: '#e8eaed' };

export interface FrameStats {
  readonly linksDrawn: number;
  readonly nodesDrawn: number;
  /** Of those, the ones inside the screen. */
  readonly nodesOnScreen: number;
  readonly labelsDrawn: number;
  /** `fresh`: every link was stroked for this frame; `reused`: the links stroked for an earlier view were moved into place. */
  readonly linkLayer: 'fresh' | 'reused';
}

const LABEL_FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const PINNED_FONT = `600 ${LABEL_FONT}`;
/** Links are stroked back to front so a problem is never hidden under healthy lines. */
const DRAW_ORDER: readonly LinkHealth[] = ['unknown', 'up', 'down'];

/**
 * Draws a topology on a 2D canvas. Links are grouped into one Path2D per health, built once per
 * model and filter, so a frame is three stroke() calls for 19,900 links plus the peers and the
 * labels that fit. Stroking 19,900 lines costs tens of milliseconds in software, so while the
 * view moves the links stroked for the last view are moved into place (LinkLayer) and stroked
 * afresh once it rests. A 2D canvas needs no GPU (headless
 * Chromium and remote desktops draw it in software) and no library: a WebGL graph library
 * (sigma.js, cytoscape.js) would add its own data model and 100+ KiB for what three strokes do
 * here; bench/ui.cases.ts measures the frame rate against a bare canvas drawing the same lines.
 */
export class TopologyCanvasRenderer {
  private model: GraphViewModel | null = null;
  private visibleKey: readonly boolean[] | null | undefined;
  private paths = new Map<LinkHealth, { path: Path2D; count: number }>();
  private linksOfNode: number[][] = [];
  private labelWidths: number[] = [];
  private readonly layers = new LinkLayer();

  setModel(model: GraphViewModel, context: CanvasRenderingContext2D): void {
    if (model === this.model) return;
    this.model = model;
    this.visibleKey = undefined;
    this.layers.invalidate();
    this.linksOfNode = model.nodes.map(() => []);
    model.edges.forEach((edge, i) => {
      this.linksOfNode[edge.sourceIndex]!.push(i);
      this.linksOfNode[edge.targetIndex]!.push(i);
    });
    context.font = LABEL_FONT;
    this.labelWidths = model.nodes.map((node) => context.measureText(node.label).width);
  }

  draw(context: CanvasRenderingContext2D, frame: FrameState): FrameStats {
    const model = this.model;
    const ratio = frame.pixelRatio;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, frame.width, frame.height);
    if (frame.background) {
      context.fillStyle = frame.background;
      context.fillRect(0, 0, frame.width, frame.height);
    }
    if (!model) return { linksDrawn: 0, nodesDrawn: 0, nodesOnScreen: 0, labelsDrawn: 0, linkLayer: 'fresh' };
    const { drawn: linksDrawn, layer: linkLayer } = this.drawLinks(context, model, frame);
    return { linksDrawn, linkLayer, ...this.drawNodes(context, model, frame) };
  }

  private linkPaths(model: GraphViewModel, visible: readonly boolean[] | null): Map<LinkHealth, { path: Path2D; count: number }> {
    if (visible === this.visibleKey) return this.paths;
    const paths = new Map<LinkHealth, { path: Path2D; count: number }>(DRAW_ORDER.map((h) => [h, { path: new Path2D(), count: 0 }]));
    for (const edge of model.edges) {
      if (visible && !(visible[edge.sourceIndex] && visible[edge.targetIndex])) continue;
      const from = model.nodes[edge.sourceIndex]!;
      const to = model.nodes[edge.targetIndex]!;
      const bucket = paths.get(edge.health)!;
      bucket.path.moveTo(from.x, from.y);
      bucket.path.lineTo(to.x, to.y);
      bucket.count++;
    }
    this.paths = paths;
    this.visibleKey = visible;
    this.layers.invalidate();
    return paths;
  }

  private drawLinks(context: CanvasRenderingContext2D, model: GraphViewModel, frame: FrameState): { drawn: number; layer: 'fresh' | 'reused' } {
    const { view, pixelRatio: ratio } = frame;
    const paths = this.linkPaths(model, frame.visible);
    let drawn = 0;
    for (const bucket of paths.values()) drawn += bucket.count;
    const emphasised = frame.emphasised.filter((i) => i >= 0 && (!frame.visible || frame.visible[i]));
    // Faded links under a hovered or selected peer's own, so its links stand out of a dense mesh.
    const fade = emphasised.length > 0 ? 0.35 : 1;
    let layer: 'fresh' | 'reused' = 'fresh';
    if (frame.reuseLinkLayer) {
      layer = this.layers.show(context, frame, fade, (target, at) => this.strokeLinks(target, paths, drawn, at, ratio));
    } else {
      context.globalAlpha = fade;
      this.strokeLinks(context, paths, drawn, view, ratio);
    }
    context.globalAlpha = 1;
    if (emphasised.length > 0) {
      context.setTransform(ratio * view.scale, 0, 0, ratio * view.scale, ratio * view.x, ratio * view.y);
      context.lineWidth = 2 / view.scale;
      for (const health of DRAW_ORDER) {
        context.beginPath();
        for (const node of emphasised) {
          for (const i of this.linksOfNode[node] ?? []) {
            const edge = model.edges[i]!;
            if (edge.health !== health || (frame.visible && !(frame.visible[edge.sourceIndex] && frame.visible[edge.targetIndex]))) continue;
            context.moveTo(model.nodes[edge.sourceIndex]!.x, model.nodes[edge.sourceIndex]!.y);
            context.lineTo(model.nodes[edge.targetIndex]!.x, model.nodes[edge.targetIndex]!.y);
          }
        }
        context.strokeStyle = HEALTH_COLOURS[health];
        context.stroke();
      }
    }
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    return { drawn, layer };
  }

  /** Strokes every kept link under `view`: one stroke per health, each line faint in a dense mesh so overlaps read as density. */
  private strokeLinks(context: CanvasRenderingContext2D, paths: Map<LinkHealth, { path: Path2D; count: number }>, drawn: number, view: Viewport, ratio: number): void {
    const alpha = Math.min(0.9, Math.max(0.14, 25 / Math.sqrt(Math.max(1, drawn))));
    context.setTransform(ratio * view.scale, 0, 0, ratio * view.scale, ratio * view.x, ratio * view.y);
    // Just under one device pixel: Skia strokes such lines as hairlines, its fastest path.
    context.lineWidth = 0.99 / view.scale;
    context.globalAlpha *= alpha;
    for (const health of DRAW_ORDER) {
      const bucket = paths.get(health)!;
      if (bucket.count === 0) continue;
      context.strokeStyle = HEALTH_COLOURS[health];
      context.stroke(bucket.path);
    }
  }

  private drawNodes(context: CanvasRenderingContext2D, model: GraphViewModel, frame: FrameState): Omit<FrameStats, 'linksDrawn' | 'linkLayer'> {
    const { view } = frame;
    const radius = Math.max(3, Math.min(10, 12 * view.scale));
    const candidates: LabelCandidate[] = [];
    let nodesDrawn = 0;
    let nodesOnScreen = 0;
    for (let i = 0; i < model.nodes.length; i++) {
      if (frame.visible && !frame.visible[i]) continue;
      const node = model.nodes[i]!;
      const x = node.x * view.scale + view.x;
      const y = node.y * view.scale + view.y;
      nodesDrawn++;
      const pinned = i === frame.hovered || i === frame.selected || frame.matches.has(i);
      candidates.push({ index: i, x, y, width: this.labelWidths[i] ?? 0, pinned, priority: node.labelPriority });
      if (x < 0 || y < 0 || x > frame.width || y > frame.height) continue;
      nodesOnScreen++;
      if (frame.matches.has(i) || i === frame.selected) {
        context.beginPath();
        context.arc(x, y, radius + 5, 0, 2 * Math.PI);
        context.fillStyle = i === frame.selected ? (frame.ink ?? LIGHT_INK).selectedRing : '#f9ab00';
        context.fill();
      }
      context.beginPath();
      context.arc(x, y, radius, 0, 2 * Math.PI);
      context.fillStyle = node.colour;
      context.fill();
      context.lineWidth = radius >= 6 ? 2.5 : 1.5;
      context.strokeStyle = node.statusColour;
      context.stroke();
      if (node.mikrotikApi && radius >= 8) {
        context.fillStyle = '#ffffff';
        context.font = '700 9px sans-serif';
        context.textAlign = 'center';
        context.textBaseline = 'middle';
        context.fillText('A', x, y + 0.5);
        context.textAlign = 'start';
      }
    }
    const labels = placeLabels(candidates, frame.width, frame.height, view.scale, radius + 4);
    const ink = frame.ink ?? LIGHT_INK;
    context.textBaseline = 'middle';
    context.lineJoin = 'round';
    for (const label of labels) {
      const node = model.nodes[label.index]!;
      const pinned = label.index === frame.hovered || label.index === frame.selected || frame.matches.has(label.index);
      context.font = pinned ? PINNED_FONT : LABEL_FONT;
      context.lineWidth = 3;
      context.strokeStyle = ink.halo;
      context.strokeText(node.label, label.left, label.top + 8);
      context.fillStyle = ink.label;
      context.fillText(node.label, label.left, label.top + 8);
    }
    return { nodesDrawn, nodesOnScreen, labelsDrawn: labels.length };
  }
}
