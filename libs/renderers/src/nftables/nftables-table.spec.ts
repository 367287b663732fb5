import { describeNftTable, instanceNftTable, sameNftTable, validateNftTable, WOM_NFT_TABLE } from './nftables-table';

describe('instanceNftTable', () => {
  it.each([
    ['wg-wan-overlay', 'wom_wg-wan-overlay'],
    ['wg0', 'wom_wg0'],
    ['wg_a', 'wom_wg_a'],
    ['wg-a', 'wom_wg-a'],
    ['wg.1', 'wom_wg.1'],
    ['_x', 'wom__x'],
    ['0wg', 'wom_0wg'],
    ['abcdefghijklmno', 'wom_abcdefghijklmno'],
  ])('names the table of interface %s inet %s', (interfaceName, table) => {
    expect(instanceNftTable(interfaceName)).toEqual({ family: 'inet', name: table });
  });

  it('gives different interfaces different tables, so two agents never share one', () => {
    const names = ['wg-a', 'wg_a', 'wg.a', 'wga', 'wg-a1'];
    expect(new Set(names.map((name) => instanceNftTable(name).name)).size).toBe(names.length);
    expect(names.some((name) => sameNftTable(instanceNftTable(name), WOM_NFT_TABLE))).toBe(false);
  });

  it.each([
    ['an empty name', ''],
    ['a space', 'wg 0'],
    ['a quote', 'wg"0'],
    ['a statement after it', 'wg0;flush'],
    ['a leading dash', '-wg0'],
    ['more than 15 characters', 'abcdefghijklmnop'],
    ['a slash', 'wg/0'],
  ])('refuses an interface name with %s, as the domain does', (_what, interfaceName) => {
    expect(() => instanceNftTable(interfaceName)).toThrow(expect.objectContaining({ code: 'VALIDATION.INVALID_INTERFACE_NAME' }));
  });
});

describe('validateNftTable', () => {
  it.each([
    [{ family: 'inet', name: 'wom' }],
    [{ family: 'ip', name: 'nat' }],
    [{ family: 'inet', name: 'wom_wg-a.1' }],
    [{ family: 'inet', name: `w${'x'.repeat(254)}` }],
  ])('accepts %j', (table) => {
    expect(validateNftTable(table, 'table')).toEqual(table);
  });

  it.each([
    ['not an object', 'inet wom', 'table.family'],
    ['no family', { name: 'wom' }, 'table.family'],
    ['an unknown family', { family: 'ipv4', name: 'wom' }, 'table.family'],
    ['no name', { family: 'inet' }, 'table.name'],
    ['an empty name', { family: 'inet', name: '' }, 'table.name'],
    ['a space', { family: 'inet', name: 'wom x' }, 'table.name'],
    ['a newline', { family: 'inet', name: 'wom\ndelete table inet other' }, 'table.name'],
    ['braces', { family: 'inet', name: 'wom{}' }, 'table.name'],
    ['a leading underscore', { family: 'inet', name: '_wom' }, 'table.name'],
    ['256 characters', { family: 'inet', name: `w${'x'.repeat(255)}` }, 'table.name'],
  ])('refuses %s', (_what, table, field) => {
    expect(() => validateNftTable(table, 'table')).toThrow(expect.objectContaining({ code: 'VALIDATION.INVALID_NAME', details: { field } }));
  });

  it('describes a table as nft lists it', () => {
    expect(describeNftTable(instanceNftTable('wg0'))).toBe('inet wom_wg0');
  });
});
