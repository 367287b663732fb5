import type { Viewport } from './viewport.logic';

/** Where a link layer lands on screen: its top-left corner and how much it is stretched, in CSS pixels. */
export interface LayerPlacement {
  readonly left: number;
  readonly top: number;
  readonly stretch: number;
}

/** The layer is drawn this much larger than the screen on each side (a share of its size), so a pan does not reach its edge at once. */
export const LAYER_MARGIN = 0.25;
/** A layer shown more than this much larger or smaller than it was drawn looks blurred or leaves gaps: draw it again. */
export const MAX_STRETCH = 2;

/**
 * Where the links rasterised under view `drawn` (into a layer with `margin` pixels around the
 * screen) appear under view `now`.
 *
 * Example: drawn at scale 1, now at scale 2 with the same origin and a margin of 10 → stretch 2,
 * the corner at (−20, −20).
 */
export function layerPlacement(drawn: Viewport, now: Viewport, margin: { readonly x: number; readonly y: number }): LayerPlacement {
  const stretch = now.scale / drawn.scale;
  return { stretch, left: now.x - (margin.x + drawn.x) * stretch, top: now.y - (margin.y + drawn.y) * stretch };
}

/** The placed layer still covers the whole screen without stretching past MAX_STRETCH either way. */
export function layerCovers(placement: LayerPlacement, layer: { readonly width: number; readonly height: number }, screen: { readonly width: number; readonly height: number }): boolean {
  const { left, top, stretch } = placement;
  return (
    stretch <= MAX_STRETCH && stretch >= 1 / MAX_STRETCH &&
    left <= 0.5 && top <= 0.5 && left + layer.width * stretch >= screen.width - 0.5 && top + layer.height * stretch >= screen.height - 0.5
  );
}
