import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_FIXTURE_STATES } from '../__fixtures__/desired-states';
import { createTempDir, NetworkNamespace, NFTABLES_TOOLS, requireTools } from '../__fixtures__/real-tools';

/**
 * Every golden nft script is checked (`nft -c`) and then really applied, twice, inside a
 * throwaway network namespace that also holds a table somebody else owns. The script must
 * replace our table completely and leave the other one exactly as it was.
 */

const GOLDEN_DIR = join(__dirname, '..', '__golden__', 'nftables');
const GOLDEN_FILES = readdirSync(GOLDEN_DIR).filter((file) => file.endsWith('.nft'));

const FOREIGN_TABLE = 'table inet other {\n\tchain c {\n\t\ttype filter hook input priority 0; policy accept;\n\t\ttcp dport 22 accept\n\t}\n}\n';

describe('nftables golden files in the real nft', () => {
  beforeAll(() => requireTools(NFTABLES_TOOLS));

  it('has a golden file for every fixture', () => {
    expect([...GOLDEN_FILES].sort()).toEqual(Object.keys(ALL_FIXTURE_STATES).map((name) => `${name}.nft`).sort());
  });

  it.each(GOLDEN_FILES)('%s passes nft -c, applies, re-applies as a full replacement and leaves other tables alone', (file) => {
    const state = ALL_FIXTURE_STATES[file.replace(/\.nft$/, '') as keyof typeof ALL_FIXTURE_STATES];
    const script = join(GOLDEN_DIR, file);
    const namespace = NetworkNamespace.create('nfn');
    const dir = createTempDir();
    try {
      const nft = (...args: string[]) => namespace.exec('nft', args);
      nft('-c', '-f', script);

      nft('-f', dir.write('other.nft', FOREIGN_TABLE));
      const otherBefore = nft('list', 'table', 'inet', 'other');

      nft('-f', script);
      const first = nft('list', 'table', 'inet', 'wom');
      expect(nft('list', 'tables').trim().split('\n').sort()).toEqual(['table inet other', 'table inet wom']);
      for (const cidr of state.firewall.localDestinations) expect(nft('list', 'set', 'inet', 'wom', 'local_destinations')).toContain(cidr);

      // Drift the live table, then apply again: the result must be the rendered table, not a merge.
      nft('add', 'element', 'inet', 'wom', 'local_destinations', '{ 198.18.0.0/15 }');
      nft('add', 'rule', 'inet', 'wom', 'forward', 'accept');
      nft('-f', script);
      expect(nft('list', 'table', 'inet', 'wom')).toBe(first);
      expect(nft('list', 'table', 'inet', 'other')).toBe(otherBefore);
    } finally {
      namespace.dispose();
      dir.dispose();
    }
  }, 30_000);
});
