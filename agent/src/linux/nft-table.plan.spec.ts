import type { NftTable } from '@wom/renderers';
import { WOM_NFT_TABLE } from '@wom/renderers';
import type { NftRecord, PreviousTable } from './nft-table.plan';
import { decidePreviousTable, inspectPreviousTable, previousTableOf, recordVouchesFor } from './nft-table.plan';

const OWN: NftTable = { family: 'inet', name: 'wom_wg-a' };
const EARLIER: NftTable = { family: 'inet', name: 'wom_wg-old' };
const LEGACY_RECORD: NftRecord = { scriptDigest: 'd1', listing: 'table inet wom { a }' };
const OWN_RECORD: NftRecord = { table: OWN, scriptDigest: 'd2', listing: 'table inet wom_wg-a { a }' };
const EARLIER_RECORD: NftRecord = { table: EARLIER, scriptDigest: 'd3', listing: 'table inet wom_wg-old { a }' };

describe('previousTableOf', () => {
  it.each<[string, NftRecord | null, NftTable | null]>([
    ['nothing recorded: nothing of ours elsewhere', null, null],
    ['a record without a table name loaded the shared inet wom', LEGACY_RECORD, WOM_NFT_TABLE],
    ['a record of its own table', OWN_RECORD, null],
    ['a record of a table named after an earlier interface name', EARLIER_RECORD, EARLIER],
  ])('%s', (_what, record, previous) => {
    expect(previousTableOf(OWN, record)).toEqual(previous);
  });
});

describe('decidePreviousTable', () => {
  it.each<[string, string | null, PreviousTable]>([
    ['retires it when it is exactly as this instance loaded it', 'table inet wom { a }', { action: 'retire', table: WOM_NFT_TABLE }],
    ['leaves it when another agent loaded it since, or someone edited it', 'table inet wom { b }', { action: 'leave', table: WOM_NFT_TABLE, reason: 'changed' }],
    ['has nothing to do when it is gone', null, { action: 'leave', table: WOM_NFT_TABLE, reason: 'absent' }],
  ])('%s', (_what, live, decision) => {
    expect(decidePreviousTable(WOM_NFT_TABLE, LEGACY_RECORD.listing, live)).toEqual(decision);
  });
});

describe('inspectPreviousTable', () => {
  const nftWith = (tables: Record<string, string>) => {
    const read: string[] = [];
    const nft = {
      applyRuleset: async () => undefined,
      readTable: async (table: NftTable) => (read.push(table.name), tables[`${table.family} ${table.name}`] ?? null),
      deleteTable: async () => false,
    };
    return { nft, read };
  };

  it('reads no table when the record is of its own', async () => {
    const { nft, read } = nftWith({});
    expect(await inspectPreviousTable(nft, OWN, OWN_RECORD)).toEqual({ action: 'none' });
    expect(await inspectPreviousTable(nft, OWN, null)).toEqual({ action: 'none' });
    expect(read).toEqual([]);
  });

  it('reads the shared table of a record without a table name and decides on its listing', async () => {
    const { nft, read } = nftWith({ 'inet wom': LEGACY_RECORD.listing });
    expect(await inspectPreviousTable(nft, OWN, LEGACY_RECORD)).toEqual({ action: 'retire', table: WOM_NFT_TABLE });
    expect(read).toEqual(['wom']);
  });
});

describe('recordVouchesFor', () => {
  it.each<[string, NftRecord | null, NftTable, string, string | null, boolean]>([
    ['the same table, script and listing', OWN_RECORD, OWN, 'd2', OWN_RECORD.listing, true],
    ['no record', null, OWN, 'd2', OWN_RECORD.listing, false],
    ['the table is gone', OWN_RECORD, OWN, 'd2', null, false],
    ['the table was edited', OWN_RECORD, OWN, 'd2', 'table inet wom_wg-a { x }', false],
    ['another script is due', OWN_RECORD, OWN, 'd9', OWN_RECORD.listing, false],
    ['a record of the shared table of an older agent', { ...LEGACY_RECORD, listing: OWN_RECORD.listing }, OWN, 'd1', OWN_RECORD.listing, false],
  ])('%s → %s', (_what, record, table, digest, listing, vouches) => {
    expect(recordVouchesFor(record, table, digest, listing)).toBe(vouches);
  });
});
