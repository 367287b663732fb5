import {
  DomainError,
  validateCidr,
  validateInterfaceAddress,
  validateInterfaceName,
  validateKeepalive,
  validateMtu,
  validatePort,
  validateWireGuardKey,
  type DesiredState,
} from '@wom/domain';
import type { RouterOsRowBuilder } from './routeros-row.builder';
import { routerOsEndpointHost } from './routeros-value.validator';

export interface WireGuardRowOptions {
  /**
   * Only when an operator insists on a key. Normally omitted: RouterOS generates its own
   * private key when the interface is created without one, and the key never leaves it.
   */
  readonly privateKey?: string;
}

/** The interface, its peers, its addresses and the routes into it. */
export function addWireGuardRows(rows: RouterOsRowBuilder, state: DesiredState, options: WireGuardRowOptions): void {
  const name = validateInterfaceName(state.interface.name, 'interface.name');
  const iface: Record<string, string> = { name };
  if (state.interface.listenPort !== null) iface['listen-port'] = String(validatePort(state.interface.listenPort, 'interface.listenPort'));
  if (state.interface.mtu !== null) iface['mtu'] = String(validateMtu(state.interface.mtu, 'interface.mtu'));
  if (options.privateKey !== undefined) iface['private-key'] = validateWireGuardKey(options.privateKey, 'privateKey');
  rows.add('/interface/wireguard', 'interface', `WireGuard interface ${name}`, iface);

  state.peers.forEach((peer, index) => {
    const at = `peers[${index}]`;
    // RouterOS-specific: a peer without allowed-address is refused there, while wg-quick accepts one.
    if (peer.allowedIps.length === 0) {
      throw new DomainError('VALIDATION.INVALID_CIDR', `${at}.allowedIps is empty; RouterOS requires at least one allowed address.`, {
        field: `${at}.allowedIps`,
      });
    }
    // No `name`: that property exists only from RouterOS 7.15 on, and older routers refuse it.
    const fields: Record<string, string> = {
      interface: name,
      'public-key': validateWireGuardKey(peer.publicKey, `${at}.publicKey`),
      'allowed-address': peer.allowedIps.map((cidr, i) => validateCidr(cidr, `${at}.allowedIps[${i}]`)).join(','),
    };
    if (peer.endpoint) {
      fields['endpoint-address'] = routerOsEndpointHost(peer.endpoint.host, `${at}.endpoint.host`);
      fields['endpoint-port'] = String(validatePort(peer.endpoint.port, `${at}.endpoint.port`));
    }
    if (peer.persistentKeepalive !== null && peer.persistentKeepalive !== 0) {
      fields['persistent-keepalive'] = `${validateKeepalive(peer.persistentKeepalive, `${at}.persistentKeepalive`)}s`;
    }
    rows.add('/interface/wireguard/peers', `peer:${peer.peerId}`, `WireGuard peer ${peer.name}`, fields);
  });

  state.interface.addresses.forEach((address, index) => {
    validateInterfaceAddress(address, `interface.addresses[${index}]`);
    rows.add('/ip/address', `address:${address}`, `Address ${address} on ${name}`, { address, interface: name });
  });

  state.routes.forEach((route, index) => {
    const dst = validateCidr(route, `routes[${index}]`);
    rows.add('/ip/route', `route:${dst}`, `Route ${dst} into ${name}`, { 'dst-address': dst, gateway: name });
  });
}
