import { LABELS_MIN_SCALE, placeLabels, type LabelCandidate } from './label-placement.logic';

const label = (index: number, x: number, y: number, priority = 0, pinned = false): LabelCandidate => ({ index, x, y, width: 60, pinned, priority });

describe('placeLabels', () => {
  it('shows every label when the peers are far apart', () => {
    const candidates = Array.from({ length: 20 }, (_, i) => label(i, 100 + (i % 5) * 150, 100 + Math.floor(i / 5) * 40));
    expect(placeLabels(candidates, 1000, 600, 1)).toHaveLength(20);
  });

  it('gives a contested place to the higher priority, and always to a pinned label', () => {
    expect(placeLabels([label(0, 100, 100, 1), label(1, 104, 102, 5)], 800, 600, 1).map((p) => p.index)).toEqual([1]);
    const pinned = [label(0, 100, 100, 9), label(1, 104, 102, 0, true), label(2, 108, 100, 0, true)];
    expect(placeLabels(pinned, 800, 600, 1).map((p) => p.index)).toEqual([1, 2]);
  });

  it('shows fewer labels as the same peers close up on screen', () => {
    const at = (spacing: number) => Array.from({ length: 100 }, (_, i) => label(i, 10 + (i % 10) * spacing, 10 + Math.floor(i / 10) * spacing * 0.5));
    const counts = [120, 60, 30, 10].map((spacing) => placeLabels(at(spacing), 2000, 2000, 1).length);
    expect(counts[0]).toBe(100);
    for (let i = 1; i < counts.length; i++) expect(counts[i]!).toBeLessThan(counts[i - 1]!);
    expect(counts[3]!).toBeGreaterThan(0);
  });

  it('draws only pinned labels below the minimum zoom, and none off screen', () => {
    const candidates = [label(0, 100, 100), label(1, 300, 100, 0, true), label(2, 5000, 100, 0, true)];
    expect(placeLabels(candidates, 800, 600, LABELS_MIN_SCALE / 2).map((p) => p.index)).toEqual([1]);
  });
});
