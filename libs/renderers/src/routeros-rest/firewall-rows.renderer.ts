import {
  validateCidr,
  validateInterfaceName,
  validateIpv4,
  validateNatProtocol,
  validatePort,
  type DesiredState,
} from '@wom/domain';
import { parseNetmapRule } from '../text';
import type { RouterOsRowBuilder } from './routeros-row.builder';
import { routerOsListName } from './routeros-value.validator';

/**
 * The address list of local destinations, the forward-chain accepts and the NAT rules.
 * Filter rules see real (untranslated) addresses: dstnat runs before forward and srcnat after
 * it, so the address list holds real CIDRs even for netmapped subnets.
 */
export function addFirewallRows(rows: RouterOsRowBuilder, state: DesiredState): void {
  const wg = validateInterfaceName(state.interface.name, 'interface.name');
  // Derived from the interface name so two overlays on one router keep separate lists.
  const list = routerOsListName(`wom-${wg}`, 'interface.name');
  const { localDestinations, relay } = state.firewall;

  localDestinations.forEach((cidr, index) => {
    validateCidr(cidr, `firewall.localDestinations[${index}]`);
    rows.add('/ip/firewall/address-list', `address-list:${cidr}`, `Local destination ${cidr} in list ${list}`, { list, address: cidr });
  });

  const accept = (key: string, label: string, matchers: Record<string, string>): void =>
    rows.add('/ip/firewall/filter', `filter:${key}`, label, { chain: 'forward', action: 'accept', ...matchers });
  if (localDestinations.length > 0) {
    accept('wan-to-local', `Accept WAN traffic from ${wg} to local destinations`, { 'in-interface': wg, 'dst-address-list': list });
    accept('local-to-wan', `Accept local destinations' traffic into ${wg}`, { 'out-interface': wg, 'src-address-list': list });
  }
  if (relay) accept('relay', `Relay traffic between remotes on ${wg}`, { 'in-interface': wg, 'out-interface': wg });
  if (state.serviceNat.length > 0) {
    // The connection's NAT state holds for both directions, so replies need their own accept.
    accept('service-in', `Accept published-service connections from ${wg}`, { 'in-interface': wg, 'connection-nat-state': 'dstnat' });
    accept('service-out', `Accept published-service replies into ${wg}`, { 'out-interface': wg, 'connection-nat-state': 'dstnat' });
  }

  addServiceNatRows(rows, state, wg);
  addNetmapRows(rows, state, wg);
}

function addServiceNatRows(rows: RouterOsRowBuilder, state: DesiredState, wg: string): void {
  state.serviceNat.forEach((service, index) => {
    const at = `serviceNat[${index}]`;
    const sharedIp = validateIpv4(service.sharedIp, `${at}.sharedIp`);
    const localIp = validateIpv4(service.localIp, `${at}.localIp`);
    const sharedPort = String(validatePort(service.sharedPort, `${at}.sharedPort`));
    const localPort = String(validatePort(service.localPort, `${at}.localPort`));
    service.protocols.forEach((value, p) => {
      const protocol = validateNatProtocol(value, `${at}.protocols[${p}]`);
      rows.add('/ip/firewall/nat', `nat:service:${service.serviceId}:${protocol}`, `Publish ${service.name} (${protocol})`, {
        chain: 'dstnat',
        action: 'dst-nat',
        'in-interface': wg,
        'dst-address': sharedIp,
        protocol,
        'dst-port': sharedPort,
        'to-addresses': localIp,
        'to-ports': localPort,
      });
    });
    // Spec §8.3 step 10: what the service host starts towards the WAN leaves from its shared IP.
    rows.add('/ip/firewall/nat', `nat:service-snat:${service.serviceId}`, `Source ${service.name} from its shared address`, {
      chain: 'srcnat',
      action: 'src-nat',
      'out-interface': wg,
      'src-address': localIp,
      'to-addresses': sharedIp,
    });
  });
}

function addNetmapRows(rows: RouterOsRowBuilder, state: DesiredState, wg: string): void {
  state.netmap.forEach((rule, index) => {
    const at = `netmap[${index}]`;
    parseNetmapRule(rule, at);
    rows.add('/ip/firewall/nat', `netmap:${rule.subnetId}:dst`, `Map ${rule.translatedCidr} to ${rule.realCidr} from ${wg}`, {
      chain: 'dstnat',
      action: 'netmap',
      'in-interface': wg,
      'dst-address': rule.translatedCidr,
      'to-addresses': rule.realCidr,
    });
    rows.add('/ip/firewall/nat', `netmap:${rule.subnetId}:src`, `Map ${rule.realCidr} to ${rule.translatedCidr} into ${wg}`, {
      chain: 'srcnat',
      action: 'netmap',
      'out-interface': wg,
      'src-address': rule.realCidr,
      'to-addresses': rule.translatedCidr,
    });
  });
}
