import { AddressPool, isDomainError, parseCidr, prefixesOverlap } from '@wom/domain';
import { AppError } from '../common/errors/app-error';
import type { AddressHolder } from './wan.repository';

/**
 * Checks a WAN's two ranges make sense together: each fits an address pool (at most a /8)
 * and they don't overlap, since a shared-service IP inside the tunnel range could collide
 * with a peer's tunnel IP.
 */
export function checkWanRanges(tunnelIpRange: string, sharedServicesRange: string): void {
  new AddressPool(tunnelIpRange, [], { rangeField: 'tunnelIpRange' });
  new AddressPool(sharedServicesRange, [], { rangeField: 'sharedServicesRange' });
  if (prefixesOverlap(parseCidr(tunnelIpRange), parseCidr(sharedServicesRange))) {
    const reason = `sharedServicesRange ${sharedServicesRange} overlaps tunnelIpRange ${tunnelIpRange}; choose ranges that don't overlap.`;
    throw new AppError('WAN.RANGES_OVERLAP', reason, { fields: [{ field: 'sharedServicesRange', reason }] });
  }
}

/**
 * Refuses a new range that would leave held addresses outside it (or on its network or
 * broadcast address). Lists every stranded holder so the user knows what to move first.
 *
 * Example: peers at 10.0.0.1 and 10.0.0.200 and a new range 10.0.0.0/25 → WAN.RANGE_IN_USE
 * naming the peer at 10.0.0.200.
 */
export function checkRangeKeepsHolders(field: 'tunnelIpRange' | 'sharedServicesRange', range: string, holders: readonly AddressHolder[]): void {
  const pool = new AddressPool(range, [], { rangeField: field });
  const stranded: AddressHolder[] = [];
  for (const holder of holders) {
    try {
      pool.reserve(holder.ip);
    } catch (error) {
      if (!isDomainError(error)) throw error;
      if (error.code !== 'IPAM.ALREADY_TAKEN') stranded.push(holder);
    }
  }
  if (stranded.length === 0) return;
  const named = stranded.slice(0, 5).map((h) => `${h.holder} at ${h.ip}`).join(', ');
  const more = stranded.length > 5 ? ` and ${stranded.length - 5} more` : '';
  const reason = `${field} can't become ${range}: ${named}${more} would be outside it. Move or delete them first.`;
  throw new AppError('WAN.RANGE_IN_USE', reason, { fields: [{ field, reason }], stranded: stranded.map((h) => h.ip) });
}
