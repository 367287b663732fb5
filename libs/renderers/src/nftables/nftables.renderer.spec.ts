import { join } from 'node:path';
import { ALL_FIXTURE_STATES, branchState, hubState, laptopState } from '../__fixtures__/desired-states';
import { expectGolden } from '../__fixtures__/real-tools';
import { renderNftables, renderNftTableRemoval } from './nftables.renderer';
import { instanceNftTable, WOM_NFT_TABLE } from './nftables-table';

const GOLDEN_DIR = join(__dirname, '..', '__golden__', 'nftables');

/** The statements of a script, without comments and blank lines. */
function statements(script: string): string[] {
  return script
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

describe('renderNftables golden files', () => {
  it.each(Object.entries(ALL_FIXTURE_STATES))('%s matches its golden .nft file byte for byte', (name, state) => {
    expectGolden(join(GOLDEN_DIR, `${name}.nft`), renderNftables(state));
  });
});

describe('renderNftables', () => {
  it('replaces table inet wom and names no other table', () => {
    const script = renderNftables(branchState);
    const tableLines = statements(script).filter((line) => /\btable\b/.test(line));
    expect(tableLines).toEqual(['table inet wom {', 'delete table inet wom', 'table inet wom {']);
    expect(WOM_NFT_TABLE).toEqual({ family: 'inet', name: 'wom' });
  });

  it('replaces the table it is given, and only that one', () => {
    const table = instanceNftTable('wg-wan-overlay');
    const tableLines = statements(renderNftables(branchState, table)).filter((line) => /\btable\b/.test(line));
    expect(tableLines).toEqual(['table inet wom_wg-wan-overlay {', 'delete table inet wom_wg-wan-overlay', 'table inet wom_wg-wan-overlay {']);
    // Apart from the table's name, the ruleset is the one every other caller gets.
    expect(renderNftables(branchState, table).replaceAll('inet wom_wg-wan-overlay', 'inet wom')).toBe(renderNftables(branchState));
  });

  it.each([
    ['a name nft would read as two words', { family: 'inet', name: 'wom other' }, 'table.name'],
    ['a second statement', { family: 'inet', name: 'wom;delete' }, 'table.name'],
    ['a name that is not a bare word', { family: 'inet', name: '"wom"' }, 'table.name'],
    ['a name starting with a digit', { family: 'inet', name: '0wom' }, 'table.name'],
    ['an unknown family', { family: 'inet6', name: 'wom' }, 'table.family'],
  ])('refuses a table with %s', (_what, table, field) => {
    expect(() => renderNftables(branchState, table as never)).toThrow(expect.objectContaining({ code: 'VALIDATION.INVALID_NAME', details: { field } }));
    expect(() => renderNftTableRemoval(table as never)).toThrow(expect.objectContaining({ details: { field } }));
  });

  it('removes a table in statements that succeed whether or not it exists', () => {
    expect(statements(renderNftTableRemoval(WOM_NFT_TABLE))).toEqual(['table inet wom {', '}', 'delete table inet wom']);
  });

  it.each(Object.entries(ALL_FIXTURE_STATES))('%s: every rule that drops or translates names its own interface', (_name, state) => {
    const wg = `"${state.interface.name}"`;
    const acting = statements(renderNftables(state)).filter((line) => /\b(drop|dnat|snat)\b/.test(line) || / accept$/.test(line));
    const scoped = (line: string) => line.startsWith(`iifname ${wg} `) || line.startsWith(`oifname ${wg} `);
    // Accepting what conntrack already let through changes nothing for other tables' traffic.
    expect(acting.filter((line) => !scoped(line))).toEqual(['ct state established,related accept']);
  });

  it('keeps data in named sets and maps, not one rule per device', () => {
    const many = { ...laptopState, firewall: { relay: false, localDestinations: Array.from({ length: 50 }, (_, i) => `10.${i}.0.0/16`) } };
    const rules = statements(renderNftables(many)).filter((line) => /(accept|drop)$/.test(line));
    expect(rules).toHaveLength(7);
    expect(renderNftables(many)).toContain('\t\t\t10.49.0.0/16\n\t\t}');
  });

  it('only drops traffic on the overlay interface, and relays only on a hub', () => {
    const hub = statements(renderNftables(hubState));
    const branch = statements(renderNftables(branchState));
    expect(hub).toContain('iifname "wg-wan-overlay" oifname "wg-wan-overlay" accept');
    expect(branch).not.toContain('iifname "wg-wan-overlay" oifname "wg-wan-overlay" accept');
    expect(branch.filter((line) => line.endsWith('drop'))).toEqual(['iifname "wg-wan-overlay" counter drop', 'oifname "wg-wan-overlay" counter drop']);
    expect(branch).toContain('type filter hook forward priority filter; policy accept;');
  });

  it('forwards services before translating networks, in both directions', () => {
    const lines = statements(renderNftables(branchState));
    const at = (text: string) => lines.findIndex((line) => line.includes(text));
    expect(at('map @service_dnat')).toBeGreaterThan(-1);
    expect(at('map @service_dnat')).toBeLessThan(at('map @netmap_in'));
    expect(at('map @service_snat')).toBeLessThan(at('map @netmap_out'));
    expect(lines).toContain('tcp . 10.0.5.10 . 445 : 192.168.10.5 . 445,');
    expect(lines).toContain('172.16.0.0/24 : 192.168.1.0/24');
    expect(lines).toContain('192.168.1.0/24 : 172.16.0.0/24');
  });

  it('adds no NAT chains to a peer without NAT', () => {
    const script = renderNftables(laptopState);
    expect(script).not.toContain('type nat');
    expect(script).not.toContain('elements');
    expect(renderNftables(hubState)).not.toContain('netmap');
  });

  it('rejects an interface name that nft could misread', () => {
    const state = { ...laptopState, interface: { ...laptopState.interface, name: 'wg0" accept; #' } };
    expect(() => renderNftables(state)).toThrow(expect.objectContaining({ code: 'VALIDATION.INVALID_INTERFACE_NAME' }));
  });
});
