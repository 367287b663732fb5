import { centreOn, fitViewport, nodeAt, panBy, scaleLimits, toScreen, toWorld, wheelFactor, zoomAround, ZOOM_STEP } from './viewport.logic';

describe('viewport', () => {
  it('fits bounds into the screen with padding, centred', () => {
    const view = fitViewport({ minX: -100, minY: -50, maxX: 100, maxY: 50 }, 440, 240, 20);
    expect(view).toEqual({ scale: 2, x: 220, y: 120 });
    const wide = fitViewport({ minX: 0, minY: 0, maxX: 1000, maxY: 100 }, 540, 400, 20);
    expect(wide.scale).toBeCloseTo(0.5);
    expect(toScreen(wide, 500, 50)).toEqual({ x: 270, y: 200 });
  });

  it('never fits a single peer larger than twice its size', () => {
    expect(fitViewport({ minX: 0, minY: 0, maxX: 0, maxY: 0 }, 800, 600).scale).toBe(2);
  });

  it('zooms around a point, keeping the world point under it, within the limits', () => {
    const view = { scale: 1, x: 10, y: 20 };
    const limits = scaleLimits(1);
    const zoomed = zoomAround(view, 2, 110, 70, limits);
    expect(zoomed.scale).toBe(2);
    expect(toWorld(zoomed, 110, 70)).toEqual(toWorld(view, 110, 70));
    expect(zoomAround(view, 1000, 0, 0, limits).scale).toBe(limits.max);
    expect(zoomAround(view, 0.0001, 0, 0, limits).scale).toBe(limits.min);
  });

  it('pans and centres on a world point, zooming in to a minimum', () => {
    expect(panBy({ scale: 2, x: 0, y: 0 }, 5, -5)).toEqual({ scale: 2, x: 5, y: -5 });
    const centred = centreOn({ scale: 0.5, x: 0, y: 0 }, 100, 200, 800, 600, 1.2);
    expect(centred.scale).toBe(1.2);
    expect(toScreen(centred, 100, 200)).toEqual({ x: 400, y: 300 });
    expect(centreOn({ scale: 3, x: 0, y: 0 }, 0, 0, 800, 600, 1.2).scale).toBe(3);
  });

  it('turns one wheel notch into one zoom step, in and out, and bounds big jumps', () => {
    expect(wheelFactor(-100, 0)).toBeCloseTo(ZOOM_STEP);
    expect(wheelFactor(100, 0)).toBeCloseTo(1 / ZOOM_STEP);
    expect(wheelFactor(-3, 1)).toBeCloseTo(ZOOM_STEP ** 0.99);
    expect(wheelFactor(-10_000, 0)).toBeCloseTo(ZOOM_STEP ** 3);
  });

  it('finds the nearest visible peer within a radius', () => {
    const view = { scale: 2, x: 0, y: 0 };
    const nodes = [{ x: 10, y: 10 }, { x: 14, y: 10 }, { x: 100, y: 100 }];
    expect(nodeAt(view, nodes, 27, 20, 12, null)).toBe(1);
    expect(nodeAt(view, nodes, 27, 20, 12, [true, false, true])).toBe(0);
    expect(nodeAt(view, nodes, 120, 120, 12, null)).toBe(-1);
  });
});
