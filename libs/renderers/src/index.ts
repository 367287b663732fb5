export * from './wg-quick';
export * from './nftables';
export * from './routeros-rest';
export * from './routeros-script';
