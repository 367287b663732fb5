export { AddressPool, allocateFirstFree, MAX_POOL_PREFIX_LENGTH, type AddressPoolOptions } from './address-pool.allocator';
