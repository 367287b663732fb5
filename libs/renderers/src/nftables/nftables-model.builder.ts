import type { DesiredState, Ipv4Prefix } from '@wom/domain';
import {
  comparePrefixes,
  DomainError,
  formatCidr,
  parseIpv4,
  prefixContains,
  prefixesOverlap,
  validateInterfaceName,
  validateIpv4,
  validateNatProtocol,
  validatePort,
} from '@wom/domain';
import { parseCidrField, parseNetmapRule } from '../text';

/**
 * Everything the nftables ruleset needs, validated and shaped for nft: sorted, free of
 * duplicates and of overlapping intervals (nft rejects both inside one set declaration).
 */
export interface NftablesModel {
  readonly interfaceName: string;
  readonly relay: boolean;
  /** Disjoint CIDRs: a network inside another listed one is dropped, the outer one covers it. */
  readonly localDestinations: readonly string[];
  /** Local hosts behind published services; they may open connections into the WAN. */
  readonly serviceHosts: readonly string[];
  readonly serviceDnat: readonly ServiceDnatEntry[];
  /** Local host → the shared address its own outgoing connections appear from. */
  readonly serviceSnat: readonly AddressPair[];
  /** Translated → real prefix, for traffic arriving from the WAN. */
  readonly netmapIn: readonly AddressPair[];
  /** Real → translated prefix, for traffic leaving into the WAN. */
  readonly netmapOut: readonly AddressPair[];
}

export interface ServiceDnatEntry {
  readonly protocol: 'tcp' | 'udp';
  readonly sharedIp: string;
  readonly sharedPort: number;
  readonly localIp: string;
  readonly localPort: number;
}

export interface AddressPair {
  readonly from: string;
  readonly to: string;
}


export function buildNftablesModel(state: DesiredState): NftablesModel {
  const serviceDnat = serviceDnatEntries(state);
  return {
    interfaceName: validateInterfaceName(state.interface.name, 'interface.name'),
    relay: state.firewall.relay === true,
    localDestinations: disjointCidrs(state.firewall.localDestinations, 'firewall.localDestinations'),
    serviceHosts: sortedAddresses(serviceDnat.map((entry) => entry.localIp)),
    serviceDnat,
    serviceSnat: serviceSnatPairs(serviceDnat),
    ...netmapPairs(state),
  };
}

function disjointCidrs(cidrs: readonly string[], field: string): string[] {
  const prefixes = cidrs.map((cidr, index) => parseCidrField(cidr, `${field}[${index}]`)).sort(comparePrefixes);
  const kept: Ipv4Prefix[] = [];
  for (const prefix of prefixes) {
    const previous = kept[kept.length - 1];
    // Sorted by base then length, so an enclosing prefix always comes before what it holds.
    if (previous === undefined || !prefixContains(previous, prefix)) kept.push(prefix);
  }
  return kept.map(formatCidr);
}

function sortedAddresses(addresses: readonly string[]): string[] {
  return [...new Set(addresses)].sort((a, b) => parseIpv4(a) - parseIpv4(b));
}

function serviceDnatEntries(state: DesiredState): ServiceDnatEntry[] {
  const byKey = new Map<string, ServiceDnatEntry & { readonly field: string }>();
  state.serviceNat.forEach((rule, index) => {
    const field = `serviceNat[${index}]`;
    const target = {
      sharedIp: validateIpv4(rule.sharedIp, `${field}.sharedIp`),
      sharedPort: validatePort(rule.sharedPort, `${field}.sharedPort`),
      localIp: validateIpv4(rule.localIp, `${field}.localIp`),
      localPort: validatePort(rule.localPort, `${field}.localPort`),
    };
    rule.protocols.forEach((protocol, protocolIndex) => {
      validateNatProtocol(protocol, `${field}.protocols[${protocolIndex}]`);
      const key = `${protocol} ${target.sharedIp}:${target.sharedPort}`;
      const existing = byKey.get(key);
      if (existing === undefined) {
        byKey.set(key, { protocol, ...target, field });
      } else if (existing.localIp !== target.localIp || existing.localPort !== target.localPort) {
        throw new DomainError(
          'IPAM.ALREADY_TAKEN',
          `${field} forwards ${key} to ${target.localIp}:${target.localPort}, but ${existing.field} already forwards it to ` +
            `${existing.localIp}:${existing.localPort}; one shared address and port can reach only one service.`,
          { field, conflictsWith: existing.field },
        );
      }
    });
  });
  return [...byKey.values()].map(({ field: _field, ...entry }) => entry);
}

/**
 * A host that publishes several services under different shared addresses can appear from
 * only one of them; the first in the state's order wins, so the choice is stable.
 */
function serviceSnatPairs(entries: readonly ServiceDnatEntry[]): AddressPair[] {
  const pairs: AddressPair[] = [];
  for (const entry of entries) {
    if (!pairs.some((pair) => pair.from === entry.localIp)) pairs.push({ from: entry.localIp, to: entry.sharedIp });
  }
  return pairs.sort((a, b) => parseIpv4(a.from) - parseIpv4(b.from));
}

function netmapPairs(state: DesiredState): Pick<NftablesModel, 'netmapIn' | 'netmapOut'> {
  const rules = state.netmap.map((rule, index) => {
    const field = `netmap[${index}]`;
    return { field, ...parseNetmapRule(rule, field) };
  });
  rejectOverlaps(rules.map((rule) => ({ field: `${rule.field}.realCidr`, prefix: rule.real })));
  rejectOverlaps(rules.map((rule) => ({ field: `${rule.field}.translatedCidr`, prefix: rule.translated })));
  const sortedBy = (key: 'real' | 'translated') => [...rules].sort((a, b) => comparePrefixes(a[key], b[key]));
  return {
    netmapIn: sortedBy('translated').map((rule) => ({ from: formatCidr(rule.translated), to: formatCidr(rule.real) })),
    netmapOut: sortedBy('real').map((rule) => ({ from: formatCidr(rule.real), to: formatCidr(rule.translated) })),
  };
}

/** Overlapping keys in an interval map are ambiguous, and nft refuses them. */
function rejectOverlaps(entries: readonly { readonly field: string; readonly prefix: Ipv4Prefix }[]): void {
  entries.forEach((entry, index) => {
    const other = entries.slice(0, index).find((earlier) => prefixesOverlap(earlier.prefix, entry.prefix));
    if (other !== undefined) {
      throw new DomainError(
        'IPAM.ALREADY_TAKEN',
        `${entry.field} ${formatCidr(entry.prefix)} overlaps ${other.field} ${formatCidr(other.prefix)}; a network can be translated only once.`,
        { field: entry.field, conflictsWith: other.field },
      );
    }
  });
}
