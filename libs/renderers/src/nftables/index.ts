export { renderNftables, WOM_NFT_TABLE } from './nftables.renderer';
