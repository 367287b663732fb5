/** Where the drawing sits on screen: screen = world × scale + (x, y), in CSS pixels. */
export interface Viewport {
  readonly scale: number;
  readonly x: number;
  readonly y: number;
}

export interface Bounds {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

export interface ScaleLimits {
  readonly min: number;
  readonly max: number;
}

/** One wheel notch, one button press or one + / − key zooms by this factor. */
export const ZOOM_STEP = 1.25;
/** Arrow keys move the drawing by this many CSS pixels. */
export const PAN_STEP = 80;

/**
 * The viewport that fits `bounds` into a `width` × `height` screen with `padding` pixels around.
 *
 * Example: bounds −100…100 × −50…50 into 440 × 240 with padding 20 → scale 2, centre at (220, 120).
 */
export function fitViewport(bounds: Bounds, width: number, height: number, padding = 40): Viewport {
  const spanX = Math.max(1, bounds.maxX - bounds.minX);
  const spanY = Math.max(1, bounds.maxY - bounds.minY);
  const scale = Math.min(Math.max(1, width - 2 * padding) / spanX, Math.max(1, height - 2 * padding) / spanY, 2);
  const cx = (bounds.minX + bounds.maxX) / 2;
  const cy = (bounds.minY + bounds.maxY) / 2;
  return { scale, x: width / 2 - cx * scale, y: height / 2 - cy * scale };
}

/** Zoom limits around the fitted scale: a quarter of it out, and far enough in to read one peer. */
export const scaleLimits = (fitted: number): ScaleLimits => ({ min: fitted / 4, max: Math.max(8, fitted * 8) });

/** Zooms by `factor`, keeping the world point under screen point (sx, sy) where it is. */
export function zoomAround(view: Viewport, factor: number, sx: number, sy: number, limits: ScaleLimits): Viewport {
  const scale = Math.min(limits.max, Math.max(limits.min, view.scale * factor));
  const applied = scale / view.scale;
  return { scale, x: sx - (sx - view.x) * applied, y: sy - (sy - view.y) * applied };
}

export const panBy = (view: Viewport, dx: number, dy: number): Viewport => ({ ...view, x: view.x + dx, y: view.y + dy });

/** Puts world point (wx, wy) in the middle of the screen, zooming in to at least `minScale`. */
export function centreOn(view: Viewport, wx: number, wy: number, width: number, height: number, minScale = view.scale): Viewport {
  const scale = Math.max(view.scale, minScale);
  return { scale, x: width / 2 - wx * scale, y: height / 2 - wy * scale };
}

export const toScreen = (view: Viewport, wx: number, wy: number) => ({ x: wx * view.scale + view.x, y: wy * view.scale + view.y });
export const toWorld = (view: Viewport, sx: number, sy: number) => ({ x: (sx - view.x) / view.scale, y: (sy - view.y) / view.scale });

/** A wheel event's zoom factor: one notch (~100 px of deltaY) is one ZOOM_STEP, trackpads zoom smoothly. */
export function wheelFactor(deltaY: number, deltaMode: number): number {
  const pixels = deltaMode === 1 ? deltaY * 33 : deltaMode === 2 ? deltaY * 400 : deltaY;
  return Math.pow(ZOOM_STEP, -Math.max(-3, Math.min(3, pixels / 100)));
}

/**
 * The peer nearest to screen point (sx, sy) within `radius` pixels, among the visible ones
 * (`visible` null: all); -1 when none is that close.
 */
export function nodeAt(view: Viewport, nodes: readonly { x: number; y: number }[], sx: number, sy: number, radius: number, visible: readonly boolean[] | null): number {
  let best = -1;
  let bestDistance = radius * radius;
  for (let i = 0; i < nodes.length; i++) {
    if (visible && !visible[i]) continue;
    const dx = nodes[i]!.x * view.scale + view.x - sx;
    const dy = nodes[i]!.y * view.scale + view.y - sy;
    const distance = dx * dx + dy * dy;
    if (distance <= bestDistance) [best, bestDistance] = [i, distance];
  }
  return best;
}
