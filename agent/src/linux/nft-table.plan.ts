import type { NftTable } from '@wom/renderers';
import { sameNftTable, WOM_NFT_TABLE } from '@wom/renderers';
import type { NftPort } from './linux-system.port';

/**
 * What the agent remembers of the nftables table it loaded: which table, the script's digest
 * and the table as nft listed it right after. Drift compares the live table with this listing,
 * and it is the proof of ownership when the agent later removes a table it no longer uses.
 */
export interface NftRecord {
  /**
   * Absent in records written before each agent instance had its own table: those agents all
   * loaded the shared `inet wom`.
   */
  readonly table?: NftTable;
  readonly scriptDigest: string;
  readonly listing: string;
}

/** The table a record describes: its own field, or `inet wom` for a record that predates it. */
export function recordedTable(record: NftRecord): NftTable {
  return record.table ?? WOM_NFT_TABLE;
}

/**
 * True when `record` vouches for the live `listing` of `table`, loaded from the script with
 * `digest`: there is nothing to load again and nothing drifted. A record of another table
 * (the shared one of an older agent) vouches for nothing here.
 */
export function recordVouchesFor(record: NftRecord | null, table: NftTable, digest: string, listing: string | null): record is NftRecord {
  return record !== null && listing !== null && sameNftTable(recordedTable(record), table) && record.scriptDigest === digest && record.listing === listing;
}

/** What to do about a table this instance recorded loading under another name than `own`. */
export type PreviousTable =
  | { readonly action: 'none' }
  | { readonly action: 'retire'; readonly table: NftTable }
  | { readonly action: 'leave'; readonly table: NftTable; readonly reason: 'absent' | 'changed' };

const NONE: PreviousTable = { action: 'none' };

/**
 * The table a record names when it is not `own`: the shared `inet wom` of an agent from before
 * per-instance tables (or one named after an earlier interface name). Null when there is no
 * record, or it is of `own`.
 */
export function previousTableOf(own: NftTable, record: NftRecord | null): NftTable | null {
  if (record === null) return null;
  const recorded = recordedTable(record);
  return sameNftTable(recorded, own) ? null : recorded;
}

/**
 * Whether the previous table is still this instance's to remove: only when the live table is
 * byte for byte the listing it recorded. When two older agents shared `inet wom`, the one that
 * loaded it last finds its listing there and removes it; the other finds a different listing
 * and leaves it, as it leaves a table someone has edited since.
 */
export function decidePreviousTable(previous: NftTable, recordedListing: string, liveListing: string | null): PreviousTable {
  if (liveListing === null) return { action: 'leave', table: previous, reason: 'absent' };
  if (liveListing !== recordedListing) return { action: 'leave', table: previous, reason: 'changed' };
  return { action: 'retire', table: previous };
}

/** Reads the previous table, if the record names one, and decides about it. */
export async function inspectPreviousTable(nft: NftPort, own: NftTable, record: NftRecord | null): Promise<PreviousTable> {
  const previous = previousTableOf(own, record);
  if (previous === null || record === null) return NONE;
  return decidePreviousTable(previous, record.listing, await nft.readTable(previous));
}
