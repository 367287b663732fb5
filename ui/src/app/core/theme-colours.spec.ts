import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contrastRatio } from '../shared/contrast.logic';

/** The status colours of styles.scss, read from the file itself so the check can't drift from it. */
function schemeColours(): Map<string, { light: string; dark: string }> {
  const scss = readFileSync(join(__dirname, '..', '..', 'styles.scss'), 'utf8');
  const colours = new Map<string, { light: string; dark: string }>();
  for (const match of scss.matchAll(/--wom-([a-z-]+):\s*light-dark\((#[0-9a-f]{6}),\s*(#[0-9a-f]{6})\)/g)) colours.set(match[1]!, { light: match[2]!, dark: match[3]! });
  return colours;
}

describe('status colours in both schemes', () => {
  const colours = schemeColours();

  it('reads every pair from styles.scss', () => {
    expect(colours.size).toBeGreaterThanOrEqual(15);
  });

  it.each([
    ['error', 'error-text', 'error-bg'],
    ['warning', 'warn-text', 'warn-bg'],
    ['success', 'ok-text', 'ok-bg'],
    ['neutral', 'neutral-text', 'neutral-bg'],
    ['muted text', 'muted', 'card-bg'],
    ['link', 'link', 'page-bg'],
    ['table head', 'neutral-text', 'table-head'],
  ])('%s text passes AA (4.5:1) in light and dark', (_name, text, background) => {
    for (const scheme of ['light', 'dark'] as const) {
      expect(contrastRatio(colours.get(text)![scheme], colours.get(background)![scheme])).toBeGreaterThanOrEqual(4.5);
    }
  });
});
