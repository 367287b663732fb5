import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

describe('generated contracts', () => {
  it('match what proto/ generates today (never edited by hand)', () => {
    const root = join(__dirname, '../../..');
    const output = execFileSync('node', [join(root, 'scripts/generate-contracts.mjs'), '--check'], { cwd: root, encoding: 'utf8' });
    expect(output).toContain('matches proto/');
  });
});
