import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ALL_FIXTURE_STATES, branchState, hubState } from '../__fixtures__/desired-states';
import { createTempDir, NetworkNamespace, NFTABLES_TOOLS, requireTools } from '../__fixtures__/real-tools';
import { renderNftables, renderNftTableRemoval } from './nftables.renderer';
import { instanceNftTable, WOM_NFT_TABLE } from './nftables-table';

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

describe('two agents\' tables in one real nft', () => {
  beforeAll(() => requireTools(NFTABLES_TOOLS));

  it('loads, replaces and removes each instance table without touching the other, and retires inet wom in the same transaction', () => {
    const named = (state: typeof branchState, name: string) => ({ ...state, interface: { ...state.interface, name } });
    const [a, b] = [instanceNftTable('wg-a'), instanceNftTable('wg_a')];
    const namespace = NetworkNamespace.create('nfn');
    const dir = createTempDir();
    try {
      const nft = (...args: string[]) => namespace.exec('nft', args);
      const load = (file: string, script: string) => nft('-f', dir.write(file, script));
      const tables = () => nft('list', 'tables').trim().split('\n').sort();
      load('legacy.nft', renderNftables(named(branchState, 'wg-a')));
      load('a.nft', renderNftables(named(branchState, 'wg-a'), a) + renderNftTableRemoval(WOM_NFT_TABLE));
      load('b.nft', renderNftables(named(hubState, 'wg_a'), b));
      expect(tables()).toEqual(['table inet wom_wg-a', 'table inet wom_wg_a']);
      const bBefore = nft('-s', 'list', 'table', b.family, b.name);
      load('a2.nft', renderNftables(named(hubState, 'wg-a'), a));
      expect(nft('-s', 'list', 'table', b.family, b.name)).toBe(bBefore);
      load('a-gone.nft', renderNftTableRemoval(a));
      expect(tables()).toEqual(['table inet wom_wg_a']);
      expect(nft('-s', 'list', 'table', b.family, b.name)).toBe(bBefore);
    } finally {
      namespace.dispose();
      dir.dispose();
    }
  }, 30_000);
});
