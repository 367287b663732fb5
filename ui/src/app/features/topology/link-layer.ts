import { LAYER_MARGIN, layerCovers, layerPlacement } from './link-layer.logic';
import type { Viewport } from './viewport.logic';

interface Drawn {
  readonly canvas: HTMLCanvasElement;
  readonly view: Viewport;
  readonly margin: { readonly x: number; readonly y: number };
  /** CSS pixels, margins included. */
  readonly width: number;
  readonly height: number;
  readonly ratio: number;
}

/**
 * The links rasterised once into an off-screen canvas a margin larger than the screen. While
 * the view moves, `show` moves and stretches that bitmap into place (one drawImage) instead of
 * stroking every link again; it strokes them afresh when the view has settled, when the bitmap
 * no longer covers the screen, or when it would stretch past twice or half its size.
 */
export class LinkLayer {
  private drawn: Drawn | null = null;

  invalidate(): void {
    this.drawn = null;
  }

  /**
   * Puts the links on `context` under `frame.view` with opacity `alpha`; `stroke` draws every
   * link onto a given context under a given view. `fresh` when what is shown was stroked for this
   * view, `reused` when it was stroked for another and moved into place.
   */
  show(
    context: CanvasRenderingContext2D,
    frame: { readonly view: Viewport; readonly width: number; readonly height: number; readonly pixelRatio: number; readonly settled?: boolean },
    alpha: number,
    stroke: (target: CanvasRenderingContext2D, view: Viewport) => void,
  ): 'fresh' | 'reused' {
    const { view, width, height, pixelRatio: ratio } = frame;
    let drawn = this.drawn;
    let result: 'fresh' | 'reused' = 'reused';
    const stale =
      !drawn || drawn.ratio !== ratio || drawn.width !== width * (1 + 2 * LAYER_MARGIN) || drawn.height !== height * (1 + 2 * LAYER_MARGIN) ||
      (frame.settled !== false && !sameView(drawn.view, view)) ||
      !layerCovers(layerPlacement(drawn.view, view, drawn.margin), drawn, { width, height });
    if (stale) drawn = this.rasterise(view, width, height, ratio, stroke);
    if (!drawn) return 'fresh';
    // The layer stroked for this very view is the same picture as stroking again.
    if (sameView(drawn.view, view)) result = 'fresh';
    const placed = layerPlacement(drawn.view, view, drawn.margin);
    context.setTransform(1, 0, 0, 1, 0, 0);
    context.globalAlpha = alpha;
    context.drawImage(drawn.canvas, placed.left * ratio, placed.top * ratio, drawn.canvas.width * placed.stretch, drawn.canvas.height * placed.stretch);
    return result;
  }

  private rasterise(view: Viewport, width: number, height: number, ratio: number, stroke: (target: CanvasRenderingContext2D, view: Viewport) => void): Drawn | null {
    const margin = { x: width * LAYER_MARGIN, y: height * LAYER_MARGIN };
    const canvas = this.drawn?.canvas ?? document.createElement('canvas');
    const layerWidth = width + 2 * margin.x;
    const layerHeight = height + 2 * margin.y;
    canvas.width = Math.round(layerWidth * ratio);
    canvas.height = Math.round(layerHeight * ratio);
    const target = canvas.getContext('2d');
    if (!target) return null;
    target.setTransform(1, 0, 0, 1, 0, 0);
    target.clearRect(0, 0, canvas.width, canvas.height);
    target.globalAlpha = 1;
    stroke(target, { scale: view.scale, x: view.x + margin.x, y: view.y + margin.y });
    this.drawn = { canvas, view, margin, width: layerWidth, height: layerHeight, ratio };
    return this.drawn;
  }
}

const sameView = (a: Viewport, b: Viewport) => a.scale === b.scale && a.x === b.x && a.y === b.y;
