/** A label that could be drawn beside its peer, in screen pixels. */
export interface LabelCandidate {
  /** The peer's index in the view model. */
  readonly index: number;
  /** The peer's centre on screen. */
  readonly x: number;
  readonly y: number;
  /** The label's text width in pixels. */
  readonly width: number;
  /** Hovered, selected or matched by the search: always drawn. */
  readonly pinned: boolean;
  /** Higher wins a contested place. */
  readonly priority: number;
}

export interface LabelPlacement {
  readonly index: number;
  readonly left: number;
  readonly top: number;
}

export const LABEL_HEIGHT = 16;
/** Below this zoom (layout unit → pixels) no label is drawn but the pinned ones: peers sit closer than a line of text. */
export const LABELS_MIN_SCALE = 0.3;
const GAP = 3;
const CELL = 64;

/**
 * Which labels fit: pinned labels first, then by priority, each only where it overlaps no label
 * already placed, and only for peers on screen. Zoomed in, peers are far apart and every label fits;
 * zoomed out, the hubs and busiest peers keep theirs; below LABELS_MIN_SCALE only pinned ones
 * remain. A grid of 64-pixel cells keeps it O(n) for labels of ordinary length.
 *
 * Example: two peers 10 px apart at scale 1 → only the one with the higher priority is labelled.
 */
export function placeLabels(candidates: readonly LabelCandidate[], screenWidth: number, screenHeight: number, scale: number, offset = 10): LabelPlacement[] {
  const ordered = [...candidates].sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.priority - a.priority || a.index - b.index);
  const grid = new Map<number, { left: number; top: number; right: number; bottom: number }[]>();
  const placed: LabelPlacement[] = [];
  for (const label of ordered) {
    if (!label.pinned && scale < LABELS_MIN_SCALE) continue;
    if (label.x < 0 || label.y < 0 || label.x > screenWidth || label.y > screenHeight) continue;
    const box = { left: label.x + offset, top: label.y - LABEL_HEIGHT / 2, right: label.x + offset + label.width + GAP, bottom: label.y + LABEL_HEIGHT / 2 + GAP };
    const cells = cellsOf(box);
    if (!label.pinned && cells.some((cell) => grid.get(cell)?.some((other) => overlaps(box, other)))) continue;
    for (const cell of cells) grid.set(cell, [...(grid.get(cell) ?? []), box]);
    placed.push({ index: label.index, left: box.left, top: box.top });
  }
  return placed;
}

function cellsOf(box: { left: number; top: number; right: number; bottom: number }): number[] {
  const cells: number[] = [];
  for (let cx = Math.floor(box.left / CELL); cx <= Math.floor(box.right / CELL); cx++) {
    for (let cy = Math.floor(box.top / CELL); cy <= Math.floor(box.bottom / CELL); cy++) cells.push(cx * 100_003 + cy);
  }
  return cells;
}

const overlaps = (a: { left: number; top: number; right: number; bottom: number }, b: typeof a) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
