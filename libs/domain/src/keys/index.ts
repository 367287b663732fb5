export * from './wireguard-keys';
