import { layerCovers, layerPlacement } from './link-layer.logic';

describe('link layer placement', () => {
  const margin = { x: 10, y: 10 };
  const layer = { width: 120, height: 120 };
  const screen = { width: 100, height: 100 };

  it('sits at minus the margin when nothing moved, and covers the screen', () => {
    const view = { scale: 1, x: 30, y: 40 };
    const placed = layerPlacement(view, view, margin);
    expect(placed).toEqual({ stretch: 1, left: -10, top: -10 });
    expect(layerCovers(placed, layer, screen)).toBe(true);
  });

  it('follows a pan, and stops covering once the pan passes the margin', () => {
    const drawn = { scale: 1, x: 0, y: 0 };
    expect(layerPlacement(drawn, { scale: 1, x: 8, y: -5 }, margin)).toEqual({ stretch: 1, left: -2, top: -15 });
    expect(layerCovers(layerPlacement(drawn, { scale: 1, x: 8, y: -5 }, margin), layer, screen)).toBe(true);
    expect(layerCovers(layerPlacement(drawn, { scale: 1, x: 12, y: 0 }, margin), layer, screen)).toBe(false);
  });

  it('stretches with a zoom: in it still covers, out it leaves a gap, and too far in it is drawn again', () => {
    const drawn = { scale: 1, x: 0, y: 0 };
    expect(layerPlacement(drawn, { scale: 2, x: 0, y: 0 }, margin)).toEqual({ stretch: 2, left: -20, top: -20 });
    expect(layerCovers(layerPlacement(drawn, { scale: 1.5, x: -20, y: -20 }, margin), layer, screen)).toBe(true);
    expect(layerCovers(layerPlacement(drawn, { scale: 0.8, x: 10, y: 10 }, margin), layer, screen)).toBe(false);
    expect(layerCovers(layerPlacement(drawn, { scale: 2.5, x: -50, y: -50 }, margin), layer, screen)).toBe(false);
  });
});
