import { STATUS_COLOURS, TYPE_COLOURS } from '../features/topology/graph-view-model.logic';
import { contrastRatio } from './contrast.logic';

describe('colour contrast', () => {
  it('computes the WCAG ratio', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
    expect(() => contrastRatio('red', '#ffffff')).toThrow(/rrggbb/);
  });

  it.each(Object.entries(TYPE_COLOURS))('white labels on %s nodes pass AA (4.5:1)', (_type, colour) => {
    expect(contrastRatio(colour, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });

  it.each(Object.entries(STATUS_COLOURS))('the %s dot stands out from white (3:1 for graphics)', (_status, colour) => {
    expect(contrastRatio(colour, '#ffffff')).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ['muted text', '#4a5563', '#ffffff'],
    ['error text', '#5c1410', '#fdecea'],
    ['warning text', '#4a3000', '#fff4dc'],
    ['success text', '#0d3d1b', '#e6f4ea'],
    ['failed badge', '#8c1d18', '#fdecea'],
    ['running badge', '#6b4600', '#fff4dc'],
    ['online badge', '#0d5323', '#e6f4ea'],
    ['link', '#0b57d0', '#f6f8fb'],
  ])('%s passes AA', (_name, text, background) => {
    expect(contrastRatio(text, background)).toBeGreaterThanOrEqual(4.5);
  });
});
