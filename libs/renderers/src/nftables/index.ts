export { renderNftables, renderNftTableRemoval } from './nftables.renderer';
export type { NftFamily, NftTable } from './nftables-table';
export { describeNftTable, instanceNftTable, sameNftTable, validateNftTable, WOM_NFT_TABLE } from './nftables-table';
