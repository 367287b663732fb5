import { assignNatTranslation } from '@wom/domain';

/** The subnet fields NAT assignment looks at and fills in. */
export interface NatSubnet {
  readonly cidr: string;
  readonly natEnabled: boolean;
  readonly natTranslatedCidr: string | null;
}

/** Everything a translation must avoid: the WAN ranges and every LAN and translation in it. */
export function addressesInUse(wan: { tunnelIpRange: string; sharedServicesRange: string }, subnets: readonly NatSubnet[]): string[] {
  const inUse = [wan.tunnelIpRange, wan.sharedServicesRange];
  for (const subnet of subnets) {
    inUse.push(subnet.cidr);
    if (subnet.natTranslatedCidr !== null) inUse.push(subnet.natTranslatedCidr);
  }
  return inUse;
}

/**
 * Gives every subnet that asks for NAT without a translation one (spec §9.3), avoiding the
 * WAN's ranges, the other peers' subnets and translations, and this request's own subnets
 * and the translations handed out before it. Subnets that need nothing come back as given.
 *
 * Example: WAN 10.0.0.0/24 + 10.0.5.0/24, another peer on 172.16.0.0/24, and a request for
 * 192.168.1.0/24 with natEnabled → natTranslatedCidr 172.16.1.0/24.
 */
export function assignPendingTranslations<T extends NatSubnet>(
  wan: { tunnelIpRange: string; sharedServicesRange: string },
  others: readonly NatSubnet[],
  requested: readonly T[],
): T[] {
  const inUse = addressesInUse(wan, [...others, ...requested]);
  return requested.map((subnet, index) => {
    if (!subnet.natEnabled || subnet.natTranslatedCidr !== null) return subnet;
    const translation = assignNatTranslation(subnet.cidr, inUse, `subnets[${index}].natTranslatedCidr`);
    inUse.push(translation);
    return { ...subnet, natTranslatedCidr: translation };
  });
}
