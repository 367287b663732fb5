import { DomainError } from '../errors';
import { containsAddress, formatCidr, formatIpv4, lastAddress, parseCidr, parseIpv4, prefixSize, type Ipv4Prefix } from '../net/ipv4';
import { AddressBitset } from './address-bitset.util';

/** The widest range a pool accepts: a /8 is 16.7 million addresses, a 2 MiB bitset. */
export const MAX_POOL_PREFIX_LENGTH = 8;

export interface AddressPoolOptions {
  /** The input field addresses come from, named in errors (e.g. `tunnelIp`). */
  readonly field?: string;
  /** The input field the range comes from (e.g. `tunnelIpRange`). */
  readonly rangeField?: string;
}

/**
 * Addresses handed out from one CIDR range: the WAN's tunnel range or its shared-services
 * range (spec §3.1, §9.1). The lowest free address goes first, so allocation is
 * deterministic and gaps left by released addresses are reused.
 *
 * The network and broadcast addresses are never handed out, except in a /31 or /32 where
 * every address is usable (RFC 3021). Building a pool costs O(taken + size/32); allocating
 * skips 32 taken addresses per step (see {@link AddressBitset}).
 *
 * Example: `new AddressPool('10.0.0.0/24', ['10.0.0.1']).allocate()` → `'10.0.0.2'`.
 */
export class AddressPool {
  /** The range in canonical CIDR form. */
  readonly range: string;
  /** How many addresses the pool can hand out at all. */
  readonly capacity: number;
  private readonly prefix: Ipv4Prefix;
  private readonly firstUsable: number;
  private readonly lastUsable: number;
  private readonly field: string;
  /** Bit i stands for address `prefix.base + i`; network and broadcast are set from the start. */
  private readonly bits: AddressBitset;
  private takenCount = 0;

  /**
   * `taken` lists the addresses already held. Addresses outside the range, the network and
   * the broadcast address are ignored there, because a WAN's stored addresses may predate a
   * range change and must not make the pool unusable; a malformed entry still throws
   * `VALIDATION.INVALID_IPV4`, because it means the caller passed the wrong data.
   */
  constructor(rangeCidr: string, taken: Iterable<string> = [], options: AddressPoolOptions = {}) {
    const rangeField = options.rangeField ?? 'range';
    this.field = options.field ?? 'ip';
    this.prefix = parseCidr(rangeCidr, rangeField);
    this.range = formatCidr(this.prefix);
    if (this.prefix.length < MAX_POOL_PREFIX_LENGTH) {
      throw new DomainError(
        'IPAM.RANGE_TOO_LARGE',
        `${this.range} holds ${prefixSize(this.prefix.length).toLocaleString('en-US')} addresses; an address pool takes at most a /${MAX_POOL_PREFIX_LENGTH}. Choose a smaller range.`,
        { field: rangeField, range: this.range },
      );
    }
    const hasReservedEnds = this.prefix.length <= 30;
    this.firstUsable = this.prefix.base + (hasReservedEnds ? 1 : 0);
    this.lastUsable = lastAddress(this.prefix) - (hasReservedEnds ? 1 : 0);
    this.capacity = this.lastUsable - this.firstUsable + 1;
    this.bits = new AddressBitset(prefixSize(this.prefix.length));
    if (hasReservedEnds) {
      this.bits.add(0);
      this.bits.add(this.bits.size - 1);
    }
    for (const ip of taken) {
      const address = parseIpv4(ip, 'taken');
      if (this.isUsable(address) && this.bits.add(address - this.prefix.base)) this.takenCount++;
    }
  }

  /** How many addresses are still free. */
  get freeCount(): number {
    return this.capacity - this.takenCount;
  }

  /** Takes the lowest free address. Throws `IPAM.RANGE_EXHAUSTED` when none is left. */
  allocate(): string {
    const offset = this.bits.firstClear();
    if (offset < 0) {
      throw new DomainError(
        'IPAM.RANGE_EXHAUSTED',
        `No free address is left in ${this.range} (all ${this.capacity} usable addresses are taken). Release an unused address or widen the range.`,
        { field: this.field, range: this.range },
      );
    }
    this.bits.add(offset);
    this.takenCount++;
    return formatIpv4(this.prefix.base + offset);
  }

  /**
   * Takes a specific address, for manual reservation (spec §3.2). Returns it in canonical
   * form. Throws `IPAM.OUT_OF_RANGE`, `IPAM.RESERVED_ADDRESS` or `IPAM.ALREADY_TAKEN`.
   */
  reserve(ip: string): string {
    const address = this.usableAddress(ip);
    if (!this.bits.add(address - this.prefix.base)) {
      throw this.error('IPAM.ALREADY_TAKEN', address, `is already taken in ${this.range}. Pick another address, or release this one first.`);
    }
    this.takenCount++;
    return formatIpv4(address);
  }

  /** Gives an address back. Throws `IPAM.NOT_ALLOCATED` when it was free. */
  release(ip: string): void {
    const address = this.usableAddress(ip);
    if (!this.bits.delete(address - this.prefix.base)) {
      throw this.error('IPAM.NOT_ALLOCATED', address, `is not allocated in ${this.range}, so there is nothing to release. It may have been released already.`);
    }
    this.takenCount--;
  }

  /**
   * Whether someone holds the address. The network and broadcast addresses are never held,
   * so they report false; use {@link reserve} to learn why one can't be taken.
   */
  isTaken(ip: string): boolean {
    const address = this.addressInRange(ip);
    return this.isUsable(address) && this.bits.has(address - this.prefix.base);
  }

  private isUsable(address: number): boolean {
    return address >= this.firstUsable && address <= this.lastUsable;
  }

  private addressInRange(ip: string): number {
    const address = parseIpv4(ip, this.field);
    if (!containsAddress(this.prefix, address)) {
      throw this.error('IPAM.OUT_OF_RANGE', address, `is outside ${this.range}. Pick an address inside the range.`);
    }
    return address;
  }

  private usableAddress(ip: string): number {
    const address = this.addressInRange(ip);
    if (!this.isUsable(address)) {
      const role = address === this.prefix.base ? 'network' : 'broadcast';
      const usable = `${formatIpv4(this.firstUsable)} to ${formatIpv4(this.lastUsable)}`;
      throw this.error('IPAM.RESERVED_ADDRESS', address, `is the ${role} address of ${this.range} and can't be assigned. Pick one from ${usable}.`);
    }
    return address;
  }

  private error(code: 'IPAM.OUT_OF_RANGE' | 'IPAM.RESERVED_ADDRESS' | 'IPAM.ALREADY_TAKEN' | 'IPAM.NOT_ALLOCATED', address: number, what: string): DomainError {
    const ip = formatIpv4(address);
    return new DomainError(code, `${ip} ${what}`, { field: this.field, range: this.range, address: ip });
  }
}

/**
 * The lowest free address of a range, given the addresses already taken: the whole of
 * spec §9.1 for callers that only need one address. Taken entries outside the range are
 * ignored (see {@link AddressPool}).
 *
 * Example: `allocateFirstFree('10.0.0.0/24', ['10.0.0.1', '10.0.0.3'])` → `'10.0.0.2'`.
 */
export function allocateFirstFree(rangeCidr: string, takenIps: Iterable<string>, options?: AddressPoolOptions): string {
  return new AddressPool(rangeCidr, takenIps, options).allocate();
}
